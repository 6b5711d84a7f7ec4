// The advisories of every loaded feed, grouped by source package for matching, and the
// source versions the distribution is known to have uploaded.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "feeds/advisory.hpp"
#include "feeds/changelog_import.hpp"
#include "vulns/feed_info.hpp"

namespace patchplan::vulns {

class AdvisoryIndex {
 public:
  AdvisoryIndex() = default;

  // Takes the advisories of the feeds described by `feeds` (tracker, OSV, changelogs; one
  // FeedInfo per feed, present or not) and the (source, version) pairs that changelogs
  // record. Advisories of a kind with no FeedInfo get an undated present one. Advisories
  // with an invalid version (fixed, introduced, last affected) are dropped and counted.
  AdvisoryIndex(std::vector<feeds::SourceAdvisory> advisories, std::vector<FeedInfo> feeds,
                const std::vector<feeds::SourceVersion>& known_versions = {});

  AdvisoryIndex(AdvisoryIndex&&) = default;
  AdvisoryIndex& operator=(AdvisoryIndex&&) = default;
  AdvisoryIndex(const AdvisoryIndex&) = delete;
  AdvisoryIndex& operator=(const AdvisoryIndex&) = delete;

  // The advisories of `source`, every release, ordered by vulnerability id.
  [[nodiscard]] std::span<const feeds::SourceAdvisory> of_source(std::string_view source) const;

  // True when an advisory or a changelog names `version` of `source`: the distribution
  // uploaded it.
  [[nodiscard]] bool knows_version(std::string_view source, std::string_view version) const;

  // The position of `advisory`, one of this index's, among all its advisories.
  [[nodiscard]] std::size_t index_of(const feeds::SourceAdvisory* advisory) const {
    return static_cast<std::size_t>(advisory - advisories_.data());
  }

  // The feed of `kind` (the first with that kind), or nullptr.
  [[nodiscard]] const FeedInfo* feed(feeds::FeedKind kind) const;
  [[nodiscard]] const std::vector<FeedInfo>& feeds() const { return feeds_; }

  [[nodiscard]] std::size_t size() const { return advisories_.size(); }
  [[nodiscard]] std::size_t source_count() const { return by_source_.size(); }
  // Advisories dropped because a version in them is not a valid Debian version.
  [[nodiscard]] std::size_t rejected() const { return rejected_; }

 private:
  struct Range {
    std::size_t begin = 0;
    std::size_t end = 0;
  };

  std::vector<feeds::SourceAdvisory> advisories_;          // sorted by source, then vulnerability
  std::unordered_map<std::string_view, Range> by_source_;  // views into advisories_
  std::unordered_set<std::string> known_versions_;         // "source version"
  std::vector<FeedInfo> feeds_;
  std::size_t rejected_ = 0;
};

}  // namespace patchplan::vulns
