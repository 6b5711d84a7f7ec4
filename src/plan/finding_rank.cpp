// Ranking a planner finding with the vulnerability module's own rule evaluation.
#include "plan/host_findings.hpp"
#include "vulns/ranking_policy.hpp"

namespace patchplan::plan {

FindingTier rank_finding(const FindingFacts& facts, const vulns::RankingPolicy& rules) {
  // vulns::rank reads a Finding through pointers to the feed records; build them here.
  feeds::SourceAdvisory advisory;
  advisory.vulnerability = facts.vulnerability;
  advisory.urgency = facts.urgency;
  advisory.fixed_version = facts.fixed_version;
  advisory.cvss_score = facts.cvss;
  feeds::KevEntry kev;
  kev.cve = facts.vulnerability;
  feeds::EpssScore epss;
  epss.cve = facts.vulnerability;
  epss.probability = facts.epss.value_or(0);
  epss.percentile = facts.epss_percentile.value_or(0);

  vulns::Finding finding;
  finding.advisory = &advisory;
  finding.kev = facts.kev ? &kev : nullptr;
  finding.epss = facts.epss || facts.epss_percentile ? &epss : nullptr;
  finding.kind = facts.kind;
  finding.exposure = facts.exposure;
  vulns::Ranking ranking = vulns::rank(finding, rules);
  if (ranking.rule < rules.rules.size()) {
    return {ranking.tier, rules.rules[ranking.rule].because};
  }
  return {ranking.tier, rules.fallback_because};
}

}  // namespace patchplan::plan
