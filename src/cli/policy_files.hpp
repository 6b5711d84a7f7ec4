// Where the policy and hosts files are found: the file named on the command line, else the
// system file under /etc/patchplan if it exists, else none (the built-in policy; no hosts).
#pragma once

#include <optional>
#include <string>

#include "common/expected.hpp"
#include "plan/policy.hpp"

namespace patchplan::cli {

inline constexpr const char* kPolicyPath = "/etc/patchplan/policy.yaml";
inline constexpr const char* kHostsPath = "/etc/patchplan/hosts.yaml";

// The explicit file, else `system` if it exists, else nothing.
std::optional<std::string> config_file(const std::optional<std::string>& given, const char* system);

// The policy of `given`, else of /etc/patchplan/policy.yaml, else the built-in one.
Expected<plan::Policy> effective_policy(const std::optional<std::string>& given);

}  // namespace patchplan::cli
