// JSON text for output and storage: valid UTF-8 always, whatever bytes the input held.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace patchplan::report {

// Serialises `document`; bytes that are not valid UTF-8 become U+FFFD rather than an
// exception, so hostile package metadata cannot abort a report. `indent` < 0: compact.
std::string to_json_text(const nlohmann::json& document, int indent = 2);

}  // namespace patchplan::report
