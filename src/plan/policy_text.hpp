// The effective policy as YAML: what `patchplan policy show FILE` prints.
#pragma once

#include <string>

#include "plan/policy.hpp"

namespace patchplan::plan {

// Every setting of `policy` (defaults included) as a YAML document that parse_policy reads
// back to the same policy, headed by a comment naming the file it came from.
std::string effective_policy_text(const Policy& policy);

}  // namespace patchplan::plan
