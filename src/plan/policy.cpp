// Names of the policy's enumerations and the deadline arithmetic.
#include "plan/policy.hpp"

#include <cmath>

namespace patchplan::plan {

std::string_view criticality_name(Criticality value) {
  switch (value) {
    case Criticality::kCritical:
      return "critical";
    case Criticality::kHigh:
      return "high";
    case Criticality::kNormal:
      return "normal";
    case Criticality::kLow:
      return "low";
  }
  return "normal";
}

std::string_view environment_name(Environment value) {
  switch (value) {
    case Environment::kProd:
      return "prod";
    case Environment::kStaging:
      return "staging";
    case Environment::kTest:
      return "test";
    case Environment::kDev:
      return "dev";
  }
  return "prod";
}

std::string_view window_kind_name(WindowKind value) {
  switch (value) {
    case WindowKind::kRegular:
      return "regular";
    case WindowKind::kMonthly:
      return "monthly";
    case WindowKind::kEmergency:
      return "emergency";
  }
  return "regular";
}

std::string_view reboot_policy_name(RebootPolicy value) {
  switch (value) {
    case RebootPolicy::kAllowed:
      return "allowed";
    case RebootPolicy::kIfRequired:
      return "if-required";
    case RebootPolicy::kNever:
      return "never";
  }
  return "if-required";
}

Seconds Policy::deadline(Tier tier, Criticality criticality) const {
  double factor = 1.0;
  if (auto it = criticality_factor.find(criticality); it != criticality_factor.end()) {
    factor = it->second;
  }
  double base = static_cast<double>(deadlines[static_cast<std::size_t>(tier)].count());
  return Seconds(static_cast<Seconds::rep>(std::llround(base * factor)));
}

vulns::RankingPolicy Policy::tier_rules_for(const AssetClass& asset) const {
  if (!asset.tier_rules) return tier_rules;
  vulns::RankingPolicy rules = tier_rules;
  rules.rules = *asset.tier_rules;
  return rules;
}

}  // namespace patchplan::plan
