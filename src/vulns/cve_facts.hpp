// CVE-wide facts for ranking: CISA KEV membership and FIRST EPSS scores, by CVE id.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "feeds/advisory.hpp"
#include "vulns/feed_info.hpp"

namespace patchplan::vulns {

// The KEV catalog. `feed.present` false means the catalog was not loaded: membership is
// then unknown, which the findings report, rather than "not exploited".
class KevIndex {
 public:
  KevIndex() {
    feed_.kind = feeds::FeedKind::kKev;
    feed_.name = "kev";
  }
  KevIndex(std::vector<feeds::KevEntry> entries, FeedInfo feed);

  [[nodiscard]] const feeds::KevEntry* find(std::string_view cve) const;
  [[nodiscard]] const FeedInfo& feed() const { return feed_; }
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

 private:
  std::unordered_map<std::string, feeds::KevEntry> entries_;
  FeedInfo feed_;
};

// The EPSS scores of one day; as KevIndex, an absent feed is reported, not assumed zero.
class EpssIndex {
 public:
  EpssIndex() {
    feed_.kind = feeds::FeedKind::kEpss;
    feed_.name = "epss";
  }
  EpssIndex(std::vector<feeds::EpssScore> scores, FeedInfo feed);

  [[nodiscard]] const feeds::EpssScore* find(std::string_view cve) const;
  [[nodiscard]] const FeedInfo& feed() const { return feed_; }
  [[nodiscard]] std::size_t size() const { return scores_.size(); }

 private:
  std::unordered_map<std::string, feeds::EpssScore> scores_;
  FeedInfo feed_;
};

}  // namespace patchplan::vulns
