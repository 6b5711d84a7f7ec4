// prioritise: the first matching rule of the policy table.
#include "assessment/update_priority.hpp"

#include <fmt/format.h>

#include <array>

namespace patchplan::assessment {
namespace {

std::string security_suite(const updates::PackageUpdate& update) {
  for (const auto& origin : update.candidate_from) {
    if (origin.is_security()) return origin.codename.empty() ? origin.suite : origin.codename;
  }
  return "a security archive";
}

}  // namespace

std::string_view tier_name(Tier tier) {
  switch (tier) {
    case Tier::kCritical:
      return "critical";
    case Tier::kImportant:
      return "important";
    case Tier::kMinor:
      return "minor";
  }
  return "minor";
}

std::span<const PriorityRule> default_priority_rules() {
  static constexpr std::array<PriorityRule, 2> kRules = {{
      {PriorityRule::Condition::kSecurityUpdate, Tier::kImportant},
      {PriorityRule::Condition::kAnyUpdate, Tier::kMinor},
  }};
  return kRules;
}

Priority prioritise(const updates::PackageUpdate& update, std::span<const PriorityRule> rules) {
  for (const auto& rule : rules) {
    switch (rule.when) {
      case PriorityRule::Condition::kSecurityUpdate:
        if (update.security) {
          return {rule.tier, fmt::format("security update from {}", security_suite(update))};
        }
        break;
      case PriorityRule::Condition::kAnyUpdate:
        return {rule.tier, "update without a security origin"};
    }
  }
  return {Tier::kMinor, "no rule matched"};
}

}  // namespace patchplan::assessment
