// `patchplan rollback CHANGE-ID`: return every host of a change to its checkpoint.
#include "cli/commands/commands.hpp"
#include "cli/commands/deploy_output.hpp"
#include "deploy/rollout.hpp"

namespace patchplan::cli {

Handler setup_rollback_command(CLI::App& app) {
  auto change_id = std::make_shared<std::string>();
  app.add_option("CHANGE-ID", *change_id, "The change to roll back")->required();
  return [change_id](const GlobalOptions& options) -> Expected<int> {
    auto settings = rollout_options(options, "");
    if (!settings) return settings.error();
    auto result = deploy::roll_back_change(*change_id, *settings);
    if (!result) return result.error();
    return print_rollout(*result, options, "rolled-back");
  };
}

}  // namespace patchplan::cli
