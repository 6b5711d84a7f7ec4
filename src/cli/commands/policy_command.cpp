// `patchplan policy show [FILE] [--default]`: the commented default policy, or a file
// checked and shown as the effective policy (the file's sections over the defaults).
#include <filesystem>

#include "cli/commands/commands.hpp"
#include "cli/host_access.hpp"
#include "plan/policy_loader.hpp"
#include "plan/policy_text.hpp"

namespace patchplan::cli {
namespace {

struct PolicyOptions {
  std::optional<std::string> file;
  bool builtin = false;
};

}  // namespace

Handler setup_policy_command(CLI::App& app) {
  auto o = std::make_shared<PolicyOptions>();
  app.require_subcommand(1);
  CLI::App* show = app.add_subcommand("show", "Show the effective policy, or the default");
  show->add_option("FILE", o->file, "Policy file (default: /etc/patchplan/policy.yaml)");
  show->add_flag("--default", o->builtin, "Print the commented built-in default policy");
  return [o](const GlobalOptions&) -> Expected<int> {
    if (o->builtin) {
      print_output(plan::default_policy_text());
      return kExitSuccess;
    }
    std::string path = o->file.value_or("/etc/patchplan/policy.yaml");
    std::error_code ignored;
    if (!o->file && !std::filesystem::exists(path, ignored)) {
      print_output(fmt::format("# no '{}': the built-in default policy is in effect\n{}", path,
                               plan::effective_policy_text(plan::default_policy())));
      return kExitSuccess;
    }
    auto policy = plan::load_policy_file(path);
    if (!policy) return policy.error();
    print_output(plan::effective_policy_text(*policy));
    return kExitSuccess;
  };
}

}  // namespace patchplan::cli
