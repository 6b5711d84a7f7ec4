// The JSON document of `patchplan assess --json`, also stored as the host's snapshot
// (documented in docs/json-schema.md).
#pragma once

#include <nlohmann/json.hpp>

#include "report/assessment_view.hpp"

namespace patchplan::report {

nlohmann::json assessment_to_json(const AssessmentView& view);

}  // namespace patchplan::report
