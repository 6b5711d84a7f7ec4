// The policy and hosts files of the plan and deploy commands.
#include "cli/policy_files.hpp"

#include <filesystem>

#include "plan/policy_loader.hpp"

namespace patchplan::cli {

std::optional<std::string> config_file(const std::optional<std::string>& given,
                                       const char* system) {
  if (given) return given;
  std::error_code ignored;
  if (std::filesystem::exists(system, ignored)) return std::string(system);
  return std::nullopt;
}

Expected<plan::Policy> effective_policy(const std::optional<std::string>& given) {
  if (auto file = config_file(given, kPolicyPath)) return plan::load_policy_file(*file);
  return plan::default_policy();
}

}  // namespace patchplan::cli
