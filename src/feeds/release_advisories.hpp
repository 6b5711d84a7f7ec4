// The advisories of one distribution release, loaded from the store into a compact,
// read-only form for the matcher: texts pooled once, records grouped by source package.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "feeds/advisory.hpp"
#include "store/database.hpp"

namespace patchplan::feeds {

namespace detail {
class TextPool;

// One stored advisory: indexes into the text pool, so a record is 52 bytes.
struct CompactAdvisory {
  std::uint32_t vulnerability, aliases, introduced, fixed_version, last_affected, versions, urgency,
      nodsa_reason, nodsa_note, scope, cvss_vector;
  float cvss_score;     // NaN when the feed gave none
  std::uint8_t status;  // AdvisoryStatus
  std::uint8_t feed;    // FeedKind
  std::uint8_t flags;   // bit 0 urgency_unconfirmed, bit 1 nodsa, bit 2 next_point_update
};
}  // namespace detail

class ReleaseAdvisories;

// A view of one advisory; valid while its ReleaseAdvisories lives. The fields mean what
// they mean in SourceAdvisory; `aliases` is space-separated.
class AdvisoryView {
 public:
  AdvisoryView(const ReleaseAdvisories* owner, const detail::CompactAdvisory* record)
      : owner_(owner), record_(record) {}

  [[nodiscard]] std::string_view vulnerability() const;
  [[nodiscard]] std::string_view aliases() const;
  [[nodiscard]] AdvisoryStatus status() const {
    return static_cast<AdvisoryStatus>(record_->status);
  }
  [[nodiscard]] std::string_view introduced() const;
  [[nodiscard]] std::string_view fixed_version() const;
  [[nodiscard]] std::string_view last_affected() const;
  [[nodiscard]] std::string_view versions() const;
  [[nodiscard]] std::string_view urgency() const;
  [[nodiscard]] bool urgency_unconfirmed() const;
  [[nodiscard]] bool nodsa() const;
  [[nodiscard]] std::string_view nodsa_reason() const;
  [[nodiscard]] std::string_view nodsa_note() const;
  [[nodiscard]] bool next_point_update() const;
  [[nodiscard]] std::string_view scope() const;
  [[nodiscard]] std::optional<double> cvss_score() const;
  [[nodiscard]] std::string_view cvss_vector() const;
  [[nodiscard]] FeedKind feed() const { return static_cast<FeedKind>(record_->feed); }

  // The whole record as a SourceAdvisory (ecosystem, release and source filled in).
  [[nodiscard]] SourceAdvisory expand(std::string_view source) const;

 private:
  const ReleaseAdvisories* owner_;
  const detail::CompactAdvisory* record_;
};

class ReleaseAdvisories {
 public:
  ReleaseAdvisories();
  ReleaseAdvisories(ReleaseAdvisories&&) noexcept;
  ReleaseAdvisories& operator=(ReleaseAdvisories&&) noexcept;
  ~ReleaseAdvisories();

  [[nodiscard]] std::string_view ecosystem() const { return ecosystem_; }
  [[nodiscard]] std::string_view release() const { return release_; }

  // The advisories of source package `source`, ordered by the feed kind's word ("osv"
  // before "tracker") then vulnerability; empty when no feed names it.
  [[nodiscard]] std::vector<AdvisoryView> of_source(std::string_view source) const;

  // Every source package with at least one advisory, sorted.
  [[nodiscard]] std::vector<std::string_view> sources() const;

  [[nodiscard]] std::size_t size() const { return records_.size(); }

  // Every advisory as a full SourceAdvisory, sorted by source package then as of_source
  // orders them: for matchers that keep their own index (about 600 bytes per record).
  [[nodiscard]] std::vector<SourceAdvisory> expand_all() const;

 private:
  friend class AdvisoryView;
  friend Expected<ReleaseAdvisories> load_release_advisories(store::Database&, std::string_view,
                                                             std::string_view);
  struct SourceRange {
    std::uint32_t name;
    std::uint32_t begin;
    std::uint32_t end;
  };
  [[nodiscard]] std::string_view text(std::uint32_t id) const;

  std::string ecosystem_;
  std::string release_;
  std::unique_ptr<detail::TextPool> pool_;
  std::vector<detail::CompactAdvisory> records_;
  std::vector<SourceRange> sources_;  // sorted by name
};

// Loads every advisory of `ecosystem` ("debian") for `release` ("bookworm") from every
// stored feed, together with the release-independent ones (release "", as changelog feeds
// write them). Memory: the distinct texts once, plus 52 bytes per advisory.
Expected<ReleaseAdvisories> load_release_advisories(store::Database& db, std::string_view ecosystem,
                                                    std::string_view release);

}  // namespace patchplan::feeds
