// The findings grouped by the update that fixes them, and the pending updates' tiers
// raised (or lowered) to the worst finding each fixes.
#pragma once

#include <cstddef>
#include <vector>

#include "assessment/host_assessment.hpp"
#include "vulns/finding.hpp"
#include "vulns/ranking_policy.hpp"

namespace patchplan::vulns {

// The findings that upgrading one installed binary fixes.
struct UpdateFindings {
  const inventory::InstalledPackage* package = nullptr;
  const updates::PackageUpdate* update = nullptr;  // apt's view of it
  std::vector<const Finding*> findings;            // most urgent tier first, then by id
  std::size_t kev = 0;                             // how many are in CISA KEV
  std::vector<const FeedNote*> stale_feeds;        // stale feeds the findings rest on

  [[nodiscard]] const Finding& worst() const { return *findings.front(); }
};

// One group per installed binary with kFixedByUpdate findings, most urgent worst tier
// first, then by package name and architecture.
std::vector<UpdateFindings> findings_by_update(const Findings& findings);

// The stale feeds `finding` rests on: its advisory's feed, and the KEV and EPSS feeds its
// ranking read (absence from a stale KEV is a stale fact too). Empty when all are fresh.
std::vector<const FeedNote*> stale_feeds(const Findings& findings, const Finding& finding);

// Sets the priority of every pending update of `host` that fixes findings to the tier of
// the worst one (the ranking table decides; issue 3, "Ranking"), with the reason "fixes N
// vulnerabilities, worst CVE-...: <rule phrase>"; updates without findings keep the
// built-in rule's priority. The pending list is sorted again (tier, name, architecture).
void prioritise_by_findings(assessment::HostAssessment& host,
                            const std::vector<UpdateFindings>& groups, const RankingPolicy& policy);

}  // namespace patchplan::vulns
