// Argument vectors of the apt runs that change a host.
#include "deploy/package_commands.hpp"

#include "deploy/host_packages.hpp"
#include "deploy/precheck.hpp"

namespace patchplan::deploy {
namespace {

Command apt_get(const DeployPolicy& policy, std::initializer_list<const char*> words,
                const std::vector<std::string>& operands) {
  std::vector<std::string> argv{"apt-get"};
  for (auto& option : apt_common_options()) argv.push_back(option);
  for (auto& option : conffile_options(policy.keep_old_conffiles)) argv.push_back(option);
  argv.emplace_back("-y");
  argv.emplace_back("--no-install-recommends");
  if (policy.allow_held) argv.emplace_back("--allow-change-held-packages");
  for (const char* word : words) argv.emplace_back(word);
  argv.insert(argv.end(), operands.begin(), operands.end());
  Command command = make_command(Tool::kApt, std::move(argv), noninteractive_environment());
  command.timeout = policy.apply_timeout;
  return command;
}

}  // namespace

Command download_command(const std::vector<std::string>& words, const DeployPolicy& policy) {
  return apt_get(policy, {"--download-only", "install"}, words);
}

Command install_command(const std::vector<std::string>& words, const DeployPolicy& policy) {
  return apt_get(policy, {"install"}, words);
}

Command rollback_command(const std::vector<std::string>& staged_debs,
                         const std::vector<std::string>& removals, const DeployPolicy& policy) {
  std::vector<std::string> operands = staged_debs;
  for (const auto& name : removals) operands.push_back(name + "-");
  return apt_get(policy, {"--allow-downgrades", "--reinstall", "install"}, operands);
}

}  // namespace patchplan::deploy
