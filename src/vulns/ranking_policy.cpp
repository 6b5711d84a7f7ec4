// The default ranking table and its evaluation.
#include "vulns/ranking_policy.hpp"

#include <algorithm>

namespace patchplan::vulns {
namespace {

using assessment::Tier;

bool rule_matches(const RankingRule& rule, const Finding& finding) {
  const feeds::SourceAdvisory& advisory = *finding.advisory;
  if (rule.kev && *rule.kev != (finding.kev != nullptr)) return false;
  if (!rule.urgencies.empty() && std::find(rule.urgencies.begin(), rule.urgencies.end(),
                                           advisory.urgency) == rule.urgencies.end()) {
    return false;
  }
  if (rule.min_epss && (!finding.epss || finding.epss->probability < *rule.min_epss)) return false;
  if (rule.min_percentile && (!finding.epss || finding.epss->percentile < *rule.min_percentile)) {
    return false;
  }
  if (rule.min_cvss && (!advisory.cvss_score || *advisory.cvss_score < *rule.min_cvss)) {
    return false;
  }
  bool fix =
      finding.kind == FindingKind::kFixedByUpdate || finding.kind == FindingKind::kFixNotAvailable;
  if (rule.fix_available && *rule.fix_available != fix) return false;
  if (!rule.kinds.empty() &&
      std::find(rule.kinds.begin(), rule.kinds.end(), finding.kind) == rule.kinds.end()) {
    return false;
  }
  if (!rule.exposures.empty() && std::find(rule.exposures.begin(), rule.exposures.end(),
                                           finding.exposure) == rule.exposures.end()) {
    return false;
  }
  return true;
}

}  // namespace

RankingPolicy RankingPolicy::default_policy() {
  const std::vector<std::string> high = {"high", "critical", "emergency"};
  RankingPolicy policy;
  auto row = [&](std::string name, Tier tier, std::string because) -> RankingRule& {
    RankingRule& rule = policy.rules.emplace_back();
    rule.name = std::move(name);
    rule.tier = tier;
    rule.because = std::move(because);
    return rule;
  };
  row("kernel-not-running", Tier::kMinor, "kernel code that does not run on this host")
      .exposures = {Exposure::kOtherKernel, Exposure::kKernelBuildOrTools};
  row("kev", Tier::kCritical, "known exploited (CISA KEV)").kev = true;
  RankingRule& likely = row("high-urgency-likely-exploited", Tier::kCritical,
                            "high urgency and EPSS probability of at least 0.1");
  likely.urgencies = high;
  likely.min_epss = 0.1;
  row("end-of-life", Tier::kImportant, "no security support for this package in this release")
      .kinds = {FindingKind::kEndOfLife};
  row("high-or-medium-urgency", Tier::kImportant, "medium or high urgency").urgencies = {
      "high", "critical", "emergency", "medium"};
  row("likely-exploited", Tier::kImportant, "EPSS probability of at least 0.1").min_epss = 0.1;
  row("low-urgency", Tier::kMinor, "low or unimportant urgency").urgencies = {"low", "unimportant"};
  row("undetermined", Tier::kMinor, "the feed has not decided whether the release is affected")
      .kinds = {FindingKind::kUndetermined};
  policy.fallback = Tier::kImportant;
  policy.fallback_because = "urgency not assigned yet: important until rated";
  return policy;
}

Ranking rank(const Finding& finding, const RankingPolicy& policy) {
  for (std::size_t i = 0; i < policy.rules.size(); ++i) {
    if (rule_matches(policy.rules[i], finding)) return {policy.rules[i].tier, i};
  }
  return {policy.fallback, policy.rules.size()};
}

std::string_view rule_name(const RankingPolicy& policy, std::size_t rule) {
  return rule < policy.rules.size() ? std::string_view(policy.rules[rule].name) : "fallback";
}

std::string_view rule_because(const RankingPolicy& policy, std::size_t rule) {
  return rule < policy.rules.size() ? policy.rules[rule].because : policy.fallback_because;
}

}  // namespace patchplan::vulns
