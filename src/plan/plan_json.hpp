// A plan as a JSON document ("kind": "plan"): what the store keeps and `--json` prints,
// written straight from the Plan, and read back for `plan show` and `plan diff`.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "common/expected.hpp"
#include "plan/plan.hpp"
#include "store/plan_records.hpp"

namespace patchplan::plan {

inline constexpr int kPlanSchemaVersion = 1;

// The plan document, members in name order (the layout nlohmann::json's dump() gives, so
// the text is what dump() of the parsed document would be). `indent` < 0: compact, the
// stored form. With `stored`, the record's id, period, version and approvals are added.
std::string plan_json(const Plan& plan, int indent = -1, const store::StoredPlan* stored = nullptr);

// The same text handed to `sink` a megabyte at a time (for printing a large plan).
void write_plan_json(const Plan& plan, int indent, const store::StoredPlan* stored,
                     const std::function<void(std::string_view)>& sink);

// The Plan a document of plan_json describes. An error names the first member that is
// missing or of the wrong type ("plan document: 'waves[3].hosts[0].slot' ...").
Expected<Plan> plan_from_json(const nlohmann::json& document);

}  // namespace patchplan::plan
