// match_source: the per-advisory rules and the choice among advisories of one CVE.
#include "vulns/source_match.hpp"

#include "versions/deb_version.hpp"

namespace patchplan::vulns {
namespace {

using feeds::AdvisoryStatus;
using feeds::FeedKind;
using feeds::SourceAdvisory;

bool in_scope(const SourceAdvisory& advisory, const ReleaseScope& scope) {
  if (!advisory.ecosystem.empty() && advisory.ecosystem != scope.ecosystem) return false;
  return advisory.release.empty() || advisory.release == scope.codename ||
         advisory.release == scope.number;
}

class Comparator {
 public:
  explicit Comparator(std::size_t& count) : count_(count) {}
  int operator()(std::string_view a, std::string_view b) {
    ++count_;
    return versions::compare_deb_version_strings(a, b);
  }

 private:
  std::size_t& count_;
};

bool listed(std::string_view list, std::string_view version, Comparator& compare) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && list[i] == ' ') ++i;
    std::size_t start = i;
    while (i < list.size() && list[i] != ' ') ++i;
    if (i > start && compare(list.substr(start, i - start), version) == 0) return true;
  }
  return false;
}

// The verdict of one advisory, or nullopt when it does not affect `installed`.
std::optional<FindingKind> verdict(const SourceAdvisory& advisory, std::string_view installed,
                                   std::string_view candidate, Comparator& compare) {
  switch (advisory.status) {
    case AdvisoryStatus::kNotAffected:
      return std::nullopt;
    case AdvisoryStatus::kOpen:
      return FindingKind::kNoFixYet;
    case AdvisoryStatus::kEndOfLife:
      return FindingKind::kEndOfLife;
    case AdvisoryStatus::kUndetermined:
      return FindingKind::kUndetermined;
    case AdvisoryStatus::kFixed:
      break;
  }
  if (!advisory.introduced.empty() && advisory.introduced != "0" &&
      compare(installed, advisory.introduced) < 0) {
    return std::nullopt;
  }
  bool has_candidate = !candidate.empty();
  if (!advisory.fixed_version.empty()) {
    if (compare(installed, advisory.fixed_version) >= 0) return std::nullopt;
    bool fixed_by_update = has_candidate && compare(advisory.fixed_version, candidate) <= 0;
    if (advisory.feed == FeedKind::kDebianChangelog && !fixed_by_update) return std::nullopt;
    return fixed_by_update ? FindingKind::kFixedByUpdate : FindingKind::kFixNotAvailable;
  }
  if (!advisory.last_affected.empty()) {
    if (compare(installed, advisory.last_affected) > 0) return std::nullopt;
    bool fixed_by_update = has_candidate && compare(candidate, advisory.last_affected) > 0;
    return fixed_by_update ? FindingKind::kFixedByUpdate : FindingKind::kFixNotAvailable;
  }
  if (!advisory.versions.empty()) {
    if (!listed(advisory.versions, installed, compare)) return std::nullopt;
    bool fixed_by_update = has_candidate && !listed(advisory.versions, candidate, compare);
    return fixed_by_update ? FindingKind::kFixedByUpdate : FindingKind::kFixNotAvailable;
  }
  return FindingKind::kNoFixYet;  // "fixed" with no version at all: affected, fix unknown
}

int feed_rank(FeedKind feed) {
  switch (feed) {
    case FeedKind::kDebianTracker:
      return 0;
    case FeedKind::kOsv:
      return 1;
    default:
      return 2;
  }
}

// True when `a` should replace the current verdict `b` for the same vulnerability.
bool stronger(const AdvisoryVerdict& a, const AdvisoryVerdict& b, Comparator& compare) {
  if (a.kind != b.kind) return a.kind < b.kind;
  int rank_a = feed_rank(a.advisory->feed);
  int rank_b = feed_rank(b.advisory->feed);
  if (rank_a != rank_b) return rank_a < rank_b;
  const std::string& fixed_a = a.advisory->fixed_version;
  const std::string& fixed_b = b.advisory->fixed_version;
  return !fixed_a.empty() && !fixed_b.empty() && compare(fixed_a, fixed_b) < 0;
}

}  // namespace

std::vector<AdvisoryVerdict> match_source(std::span<const SourceAdvisory> advisories,
                                          const ReleaseScope& scope, std::string_view installed,
                                          std::string_view candidate, std::size_t& comparisons) {
  Comparator compare(comparisons);
  std::vector<AdvisoryVerdict> verdicts;
  for (const SourceAdvisory& advisory : advisories) {
    if (!in_scope(advisory, scope)) continue;
    auto kind = verdict(advisory, installed, candidate, compare);
    if (!kind) continue;
    AdvisoryVerdict next{&advisory, *kind};
    // Advisories come sorted by vulnerability: one of the same id can only be the last.
    if (!verdicts.empty() && verdicts.back().advisory->vulnerability == advisory.vulnerability) {
      if (stronger(next, verdicts.back(), compare)) verdicts.back() = next;
      continue;
    }
    verdicts.push_back(next);
  }
  return verdicts;
}

}  // namespace patchplan::vulns
