// The "vulnerabilities" object of the assessment document (docs/json-schema.md).
#pragma once

#include <nlohmann/json.hpp>

#include "report/findings_view.hpp"

namespace patchplan::report {

// Every finding with its facts (urgency, CVSS, KEV, EPSS, fix, exposure, tier and rule),
// the unknown-origin binaries, the feeds' provenance and the feed warnings.
nlohmann::json findings_to_json(const FindingsView& view);

}  // namespace patchplan::report
