// `patchplan rollback CHANGE-ID`: return every host of a deployment to its checkpoint, or
// every file of a remediation (harden --remediate) to its journaled before.
#include "cli/commands/commands.hpp"
#include "cli/commands/deploy_output.hpp"
#include "cli/host_access.hpp"
#include "deploy/rollout.hpp"
#include "harden/remediation_run.hpp"
#include "report/json_text.hpp"
#include "report/schema_version.hpp"

namespace patchplan::cli {
namespace {

Expected<int> roll_back_remediation(store::Store& store, const std::string& change_id,
                                    const GlobalOptions& options) {
  auto result = harden::roll_back_remediation(store, change_id);
  if (!result) return result.error();
  if (options.json) {
    print_output(report::to_json_text({{"schema_version", report::kSchemaVersion},
                                       {"change_id", result->change_id},
                                       {"root", result->root},
                                       {"state", "rolled-back"},
                                       {"restored", result->restored}}) +
                 "\n");
  } else {
    std::string out = fmt::format("remediation {} rolled back on '{}': {} paths restored\n",
                                  result->change_id, result->root, result->restored.size());
    for (const std::string& path : result->restored) out += fmt::format("  {}\n", path);
    print_output(out);
  }
  return kExitSuccess;
}

}  // namespace

Handler setup_rollback_command(CLI::App& app) {
  auto change_id = std::make_shared<std::string>();
  app.add_option("CHANGE-ID", *change_id, "The change to roll back")->required();
  return [change_id](const GlobalOptions& options) -> Expected<int> {
    {
      auto store = open_store(options);
      if (!store) return store.error();
      auto remediation = harden::is_remediation_change(*store, *change_id);
      if (!remediation) return remediation.error();
      if (*remediation) return roll_back_remediation(*store, *change_id, options);
    }
    auto settings = rollout_options(options, "");
    if (!settings) return settings.error();
    auto result = deploy::roll_back_change(*change_id, *settings);
    if (!result) return result.error();
    return print_rollout(*result, options, "rolled-back");
  };
}

}  // namespace patchplan::cli
