// The planner's input per host: its pending updates and vulnerability findings, filled
// from the store's latest assessment snapshot (or from stored findings, or test data).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan/policy.hpp"
#include "plan/zone.hpp"

namespace patchplan::plan {

// One update apt would install, with its assessment tier and when it was first seen.
struct PendingPackage {
  std::string package;
  std::string architecture;
  std::string installed_version;
  std::string candidate_version;
  std::string source_package;
  bool security = false;
  bool held_on_host = false;  // a dpkg selection hold (apt-mark hold) on the host itself
  Tier tier = Tier::kMinor;   // the assessment's priority
  std::string tier_reason;
  Instant first_seen;
};

// One vulnerability finding on a binary package, with the facts the tier rules read.
struct FindingFacts {
  std::string vulnerability;  // "CVE-2024-1234"
  std::string package;        // the binary package it is on
  std::string fixed_version;  // "" when no fix is known
  vulns::FindingKind kind = vulns::FindingKind::kFixedByUpdate;
  vulns::Exposure exposure = vulns::Exposure::kPackage;
  bool kev = false;
  std::string urgency;
  std::optional<double> epss;
  std::optional<double> epss_percentile;
  std::optional<double> cvss;
  Instant discovered;  // when patchplan first saw it on this host
};

struct HostFindings {
  std::string host;
  Instant assessed_at;  // when the updates and findings were taken
  std::vector<PendingPackage> updates;
  std::vector<FindingFacts> findings;
};

// The tier of `finding` under the policy's tier rules (vulns::rank on the same table) and
// the deciding rule's phrase.
struct FindingTier {
  Tier tier = Tier::kMinor;
  std::string because;
};
FindingTier rank_finding(const FindingFacts& finding, const vulns::RankingPolicy& rules);

}  // namespace patchplan::plan
