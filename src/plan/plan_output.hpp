// The outputs of a plan (fresh from the planner, or a stored one read back with
// plan_from_json): human text, an RFC 5545 calendar, and the difference between two plans.
#pragma once

#include <string>

#include "common/expected.hpp"
#include "plan/plan.hpp"

namespace patchplan::plan {

// The plan as readable text: waves (ring, window in local time and UTC, hosts with slot,
// reboot and exact versions, due state), then emergencies, near-breaches, missed windows,
// hosts without a window, excluded, held and unscheduled updates, unclassified hosts.
std::string plan_text(const Plan& plan);

// One VEVENT per wave (its window occurrence): DTSTART/DTEND in UTC, SUMMARY with ring
// and window, DESCRIPTION with every host, slot and package version; UID from
// `plan_id` and the wave number. Written with libical's icalcomponent API.
Expected<std::string> plan_calendar(const Plan& plan, const std::string& plan_id);

// What changed from plan `before` to plan `after`, per host and package: added, removed,
// moved to another window or slot, another candidate version; and emergencies that
// appeared or went. Empty text when the plans schedule the same.
std::string plan_diff(const Plan& before, const Plan& after);

}  // namespace patchplan::plan
