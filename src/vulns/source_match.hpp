// The verdicts of the advisories of one source package on one installed source version:
// the unit of work the matcher caches, so that its cost follows distinct (source,
// version) pairs rather than hosts.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "feeds/advisory.hpp"
#include "vulns/finding.hpp"

namespace patchplan::vulns {

// Which advisories apply to a host: its distribution and release.
struct ReleaseScope {
  std::string_view ecosystem;  // os-release ID, "debian"
  std::string_view codename;   // VERSION_CODENAME, "bookworm"
  std::string_view number;     // VERSION_ID, "12"
};

struct AdvisoryVerdict {
  const feeds::SourceAdvisory* advisory = nullptr;
  FindingKind kind = FindingKind::kUndetermined;
};

// One verdict per vulnerability that affects `installed`, ordered by id, for advisories in
// `scope` (an empty ecosystem or release in an advisory matches any). Versions compare by
// dpkg's order. Rules (issue 3, "Matching"):
// - kFixed: affected when introduced <= installed < fixed_version; fixed by the update when
//   fixed_version <= `candidate`. Changelog advisories (feed kDebianChangelog, "fixed in V")
//   are findings only when installed < V <= candidate.
// - last_affected (OSV): affected when introduced <= installed <= last_affected; fixed by
//   a candidate beyond it. An explicit version list: affected when it holds installed.
// - kNotAffected: never. kOpen: kNoFixYet. kEndOfLife, kUndetermined: as such.
// When several advisories speak of one vulnerability, the strongest verdict wins
// (fixed-by-update, fix-not-available, no-fix-yet, end-of-life, undetermined), then the
// tracker over OSV over changelogs, then the lowest fixed version. `comparisons` counts
// version comparisons, for the cost measurements.
std::vector<AdvisoryVerdict> match_source(std::span<const feeds::SourceAdvisory> advisories,
                                          const ReleaseScope& scope, std::string_view installed,
                                          std::string_view candidate, std::size_t& comparisons);

}  // namespace patchplan::vulns
