// The first priority of a pending update, from patchplan's built-in default policy.
// The tiers are the ones the plan uses: critical -> immediate, important -> next
// maintenance window, minor -> the monthly window.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "updates/update_assessment.hpp"

namespace patchplan::assessment {

enum class Tier { kCritical, kImportant, kMinor };  // in order of urgency

std::string_view tier_name(Tier tier);

struct Priority {
  Tier tier = Tier::kMinor;
  std::string reason;  // why, in one phrase, e.g. "security update from bookworm-security"
};

// One row of the built-in policy: updates matching `when` get `tier`.
struct PriorityRule {
  enum class Condition { kSecurityUpdate, kAnyUpdate };
  Condition when;
  Tier tier;
};

// The built-in default policy, first matching rule wins: security updates are important,
// every other update is minor. Vulnerability findings (KEV, urgency, EPSS) raise tiers
// further once feeds are assessed; the foundation knows only the update's origin.
std::span<const PriorityRule> default_priority_rules();

Priority prioritise(const updates::PackageUpdate& update,
                    std::span<const PriorityRule> rules = default_priority_rules());

}  // namespace patchplan::assessment
