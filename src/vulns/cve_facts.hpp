// CVE-wide facts for ranking: CISA KEV membership and FIRST EPSS scores, by CVE id.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "feeds/advisory.hpp"
#include "feeds/feed_kind.hpp"
#include "vulns/feed_info.hpp"

namespace patchplan::vulns {

// One feed's records by CVE id (`Entry` has a `cve` member). A default-constructed table
// stands for a feed that was not loaded: `feed().present` is false, and the findings
// report the feed missing rather than reading it as "not exploited".
template <typename Entry, feeds::FeedKind Kind>
class CveTable {
 public:
  CveTable() {
    feed_.kind = Kind;
    feed_.name = std::string(feeds::kind_name(Kind));
    feed_.max_age = default_max_age(Kind);
  }

  CveTable(std::vector<Entry> entries, FeedInfo feed) : feed_(std::move(feed)) {
    entries_.reserve(entries.size());
    for (Entry& entry : entries) {
      std::string cve = entry.cve;
      entries_.emplace(std::move(cve), std::move(entry));
    }
  }

  [[nodiscard]] const Entry* find(std::string_view cve) const {
    auto found = entries_.find(std::string(cve));
    return found == entries_.end() ? nullptr : &found->second;
  }
  [[nodiscard]] const FeedInfo& feed() const { return feed_; }
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

 private:
  std::unordered_map<std::string, Entry> entries_;
  FeedInfo feed_;
};

using KevIndex = CveTable<feeds::KevEntry, feeds::FeedKind::kKev>;
using EpssIndex = CveTable<feeds::EpssScore, feeds::FeedKind::kEpss>;

}  // namespace patchplan::vulns
