// Reads the rule results back out of an XCCDF results or ARF document (oscap's or ours).
#pragma once

#include <map>
#include <string>

#include "common/expected.hpp"

namespace patchplan::harden {

// Every rule-result of `path`: rule id -> result word ("pass", "fail", "notselected", ...).
// Errors: the file cannot be read or is not well-formed XML (kInvalidInput naming it).
Expected<std::map<std::string, std::string>> read_rule_results(const std::string& path);

}  // namespace patchplan::harden
