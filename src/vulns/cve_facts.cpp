// KevIndex and EpssIndex: hash maps by CVE id.
#include "vulns/cve_facts.hpp"

namespace patchplan::vulns {

KevIndex::KevIndex(std::vector<feeds::KevEntry> entries, FeedInfo feed) : feed_(std::move(feed)) {
  entries_.reserve(entries.size());
  for (feeds::KevEntry& entry : entries) {
    std::string cve = entry.cve;
    entries_.emplace(std::move(cve), std::move(entry));
  }
}

const feeds::KevEntry* KevIndex::find(std::string_view cve) const {
  auto found = entries_.find(std::string(cve));
  return found == entries_.end() ? nullptr : &found->second;
}

EpssIndex::EpssIndex(std::vector<feeds::EpssScore> scores, FeedInfo feed) : feed_(std::move(feed)) {
  scores_.reserve(scores.size());
  for (feeds::EpssScore& score : scores) {
    std::string cve = score.cve;
    scores_.emplace(std::move(cve), std::move(score));
  }
}

const feeds::EpssScore* EpssIndex::find(std::string_view cve) const {
  auto found = scores_.find(std::string(cve));
  return found == scores_.end() ? nullptr : &found->second;
}

}  // namespace patchplan::vulns
