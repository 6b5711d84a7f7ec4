// `patchplan assess --explain CVE-...`: why a finding exists and why it got its tier.
#pragma once

#include <string>

#include "vulns/finding.hpp"
#include "vulns/ranking_policy.hpp"

namespace patchplan::vulns {

// A few lines: the package and versions matched, the verdict and the statement behind it
// (feed, release, fixed version), the facts the policy read (KEV with due date, urgency,
// EPSS, CVSS, exposure), the deciding rule of `policy` (the one that ranked the finding),
// and the feed's age. `now` dates the feed.
std::string explain(const Finding& finding, const RankingPolicy& policy, store::Timestamp now);

}  // namespace patchplan::vulns
