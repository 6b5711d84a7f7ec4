// `patchplan policy show [FILE] [--default]`: the commented default policy, or a file
// checked and shown as the effective policy (the file's sections over the defaults).

#include "cli/commands/commands.hpp"
#include "cli/host_access.hpp"
#include "cli/policy_files.hpp"
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
  show->add_option("FILE", o->file, fmt::format("Policy file (default: {})", kPolicyPath));
  show->add_flag("--default", o->builtin, "Print the commented built-in default policy");
  return [o](const GlobalOptions&) -> Expected<int> {
    if (o->builtin) {
      print_output(plan::default_policy_text());
      return kExitSuccess;
    }
    auto file = config_file(o->file, kPolicyPath);
    if (!file) {
      print_output(fmt::format("# no '{}': the built-in default policy is in effect\n{}",
                               kPolicyPath, plan::effective_policy_text(plan::default_policy())));
      return kExitSuccess;
    }
    auto policy = plan::load_policy_file(*file);
    if (!policy) return policy.error();
    print_output(plan::effective_policy_text(*policy));
    return kExitSuccess;
  };
}

}  // namespace patchplan::cli
