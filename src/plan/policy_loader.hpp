// Loading a policy file: strict YAML (unknown keys are errors), every error one line
// "FILE:LINE: key 'PATH': what is wrong".
#pragma once

#include <string>
#include <string_view>

#include "common/expected.hpp"
#include "plan/policy.hpp"

namespace patchplan::plan {

// The commented built-in default policy, as `patchplan policy show --default` prints it.
std::string_view default_policy_text();

// Parses the policy in `text`, read from `file` (named in errors). Checks every RRULE with
// libical and every time zone against the system zoneinfo, and that windows named by
// classes and the default class exist.
Expected<Policy> parse_policy(const std::string& text, std::string_view file);

// The built-in default policy, parsed.
const Policy& default_policy();

// Reads and parses the policy file at `path`.
Expected<Policy> load_policy_file(const std::string& path);

// Reads a whole text file; errors name it ("cannot read 'x': No such file or directory").
Expected<std::string> read_text_file(const std::string& path);

}  // namespace patchplan::plan
