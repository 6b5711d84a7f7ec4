// A plan as a JSON document ("kind": "plan"): what the store keeps, `--json` prints and
// the text, diff and calendar outputs read, so a stored plan shows like a fresh one.
#pragma once

#include <nlohmann/json.hpp>

#include "plan/plan.hpp"

namespace patchplan::plan {

inline constexpr int kPlanSchemaVersion = 1;

nlohmann::json plan_to_json(const Plan& plan);

}  // namespace patchplan::plan
