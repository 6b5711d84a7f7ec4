// The ranking policy: a table, first matching row wins, that turns the facts of a finding
// (KEV, urgency, EPSS, CVSS, fix availability, exposure) into the plan's tiers. It is data:
// the planning issue will load it per asset class.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assessment/update_priority.hpp"
#include "vulns/finding.hpp"

namespace patchplan::vulns {

// One row. Every condition left empty matches anything; all given ones must hold.
struct RankingRule {
  std::string name;                      // "kev", "high-urgency-likely-exploited", ...
  std::optional<bool> kev;               // listed in CISA KEV
  std::vector<std::string> urgencies;    // Debian urgency words; "" = none given
  std::optional<double> min_epss;        // EPSS probability at least this
  std::optional<double> min_percentile;  // EPSS percentile at least this
  std::optional<double> min_cvss;        // CVSS base score at least this
  std::optional<bool> fix_available;     // a fixed version exists (fixed-by-update or not)
  std::vector<FindingKind> kinds;        // empty = any kind
  std::vector<Exposure> exposures;       // empty = any exposure
  assessment::Tier tier = assessment::Tier::kMinor;
  std::string because;  // the phrase explain() prints for this row
};

struct RankingPolicy {
  std::vector<RankingRule> rules;
  assessment::Tier fallback = assessment::Tier::kImportant;  // when no row matches
  std::string fallback_because = "no rule matched";

  // The documented default (issue 3, "Ranking"), first match wins:
  //  1. kernel code that does not run here (other images, headers, tools)   -> minor
  //  2. known exploited (CISA KEV)                                         -> critical
  //  3. urgency high/critical/emergency and EPSS >= 0.1                    -> critical
  //  4. the release gets no security support for the package (end-of-life) -> important
  //  5. urgency high/critical/emergency or medium                          -> important
  //  6. EPSS >= 0.1 (likely exploited whatever the urgency)                -> important
  //  7. urgency low or unimportant                                         -> minor
  //  8. undetermined by the feed                                           -> minor
  //  fallback (urgency "not yet assigned" or none given)                   -> important
  static RankingPolicy default_policy();
};

// The tier and the index of the deciding row (rules.size() for the fallback).
struct Ranking {
  assessment::Tier tier = assessment::Tier::kMinor;
  std::size_t rule = 0;
};

Ranking rank(const Finding& finding, const RankingPolicy& policy);

// The name of row `rule` of `policy` ("kev", ...), "fallback" past the last row.
std::string_view rule_name(const RankingPolicy& policy, std::size_t rule);
// The phrase of row `rule` ("known exploited (CISA KEV)"), the fallback's past the last.
std::string_view rule_because(const RankingPolicy& policy, std::size_t rule);

}  // namespace patchplan::vulns
