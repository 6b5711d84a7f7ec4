// Human and JSON forms of a rollout's result; options shared by deploy and rollback.
#include "cli/commands/deploy_output.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/host_access.hpp"
#include "report/json_text.hpp"
#include "report/schema_version.hpp"
#include "store/database_path.hpp"

namespace patchplan::cli {

int print_rollout(const deploy::RolloutResult& result, const GlobalOptions& options,
                  std::string_view wanted) {
  bool all = std::all_of(result.hosts.begin(), result.hosts.end(),
                         [&](const store::DeployHostRecord& h) { return h.state == wanted; });
  if (options.json) {
    nlohmann::json hosts = nlohmann::json::array();
    for (const auto& host : result.hosts) {
      hosts.push_back({{"host", host.host},
                       {"ring", host.ring},
                       {"state", host.state},
                       {"step", host.step},
                       {"outcome", host.outcome}});
    }
    print_output(report::to_json_text({{"schema_version", report::kSchemaVersion},
                                       {"kind", "deployment"},
                                       {"change_id", result.change_id},
                                       {"state", result.state},
                                       {"hosts", std::move(hosts)}}) +
                 "\n");
  } else {
    std::string out = fmt::format("change {}: {}\n", result.change_id, result.state);
    for (const auto& host : result.hosts) {
      fmt::format_to(std::back_inserter(out), "  ring {} {:<16} {:<12} {}\n", host.ring, host.host,
                     host.state, host.outcome);
    }
    print_output(out);
  }
  return all ? kExitSuccess : kExitError;
}

Expected<deploy::RolloutOptions> rollout_options(const GlobalOptions& options,
                                                 std::string now_reason) {
  std::string path = options.db_path;
  if (path.empty()) {
    auto default_path = store::default_database_path();
    if (!default_path) return default_path.error();
    path = *default_path;
  }
  deploy::RolloutOptions out;
  out.db_path = path;
  std::filesystem::path parent = std::filesystem::absolute(path).parent_path();
  out.settings.state_dir = (parent / "deploy").string();
  out.settings.actor = store::current_actor("patchplan");
  out.settings.override_reason = std::move(now_reason);
  return out;
}

}  // namespace patchplan::cli
