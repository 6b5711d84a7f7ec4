// `patchplan deploy REQUEST.json [--dry-run] [--now REASON]`, `deploy --plan ID [--ring R]
// [--hosts FILE]` and `deploy --resume ID`: carry out a change request or a stored,
// approved plan over its hosts, or complete a change after a crash.
#include <fstream>
#include <sstream>

#include "cli/commands/commands.hpp"
#include "cli/commands/deploy_output.hpp"
#include "cli/host_access.hpp"
#include "cli/policy_files.hpp"
#include "deploy/change_request.hpp"
#include "deploy/plan_change.hpp"
#include "deploy/rollout.hpp"
#include "plan/hosts.hpp"

namespace patchplan::cli {
namespace {

struct DeployOptions {
  std::string request_file;
  std::string resume;
  std::string now_reason;
  std::int64_t plan_id = 0;
  std::string ring;
  std::string hosts = "/etc/patchplan/hosts.yaml";
  std::optional<std::string> policy;
  bool dry_run = false;
};

Expected<deploy::ChangeRequest> read_request(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return make_error(ErrorCode::kNotFound, "cannot read change request '{}': {}", path,
                      std::strerror(errno));
  }
  std::stringstream text;
  text << file.rdbuf();
  return deploy::parse_change_request(text.str(), path);
}

// The change of a stored plan's waves (deploy::change_from_plan), deployed under the
// effective policy's deploy: section.
Expected<deploy::ChangeRequest> request_from_plan(const DeployOptions& deploy_options,
                                                  const std::string& db_path) {
  auto hosts = plan::load_hosts_file(deploy_options.hosts);
  if (!hosts) return hosts.error();
  auto store = store::Store::open(db_path);
  if (!store) return store.error();
  auto policy = effective_policy(deploy_options.policy);
  if (!policy) return policy.error();
  deploy::PlanSelection selection;
  selection.plan_id = deploy_options.plan_id;
  selection.policy = deploy::deploy_policy_of(policy->deploy);
  if (!deploy_options.ring.empty()) selection.ring = deploy_options.ring;
  return deploy::change_from_plan(*store, selection, *hosts);
}

Expected<int> run(const DeployOptions& deploy_options, const GlobalOptions& options) {
  int sources = int(!deploy_options.resume.empty()) + int(!deploy_options.request_file.empty()) +
                int(deploy_options.plan_id != 0);
  if (sources != 1) {
    return make_error(ErrorCode::kUsage,
                      "give a change request file, --plan PLAN-ID or --resume CHANGE-ID");
  }
  if (deploy_options.plan_id == 0 && !deploy_options.ring.empty()) {
    return make_error(ErrorCode::kUsage, "--ring needs --plan");
  }
  if (deploy_options.plan_id == 0 && deploy_options.policy) {
    return make_error(ErrorCode::kUsage, "--policy needs --plan (a request file has its own)");
  }
  auto settings = rollout_options(options, deploy_options.now_reason);
  if (!settings) return settings.error();
  if (!deploy_options.resume.empty()) {
    auto result = deploy::resume_rollout(deploy_options.resume, *settings);
    if (!result) return result.error();
    return print_rollout(*result, options, "succeeded");
  }
  auto request = deploy_options.plan_id != 0 ? request_from_plan(deploy_options, settings->db_path)
                                             : read_request(deploy_options.request_file);
  if (!request) return request.error();
  if (deploy_options.dry_run) {
    auto lines = deploy::dry_run_commands(*request, settings->settings.state_dir);
    if (!lines) return lines.error();
    std::string out;
    for (const auto& line : *lines) out += line + "\n";
    print_output(out);
    return kExitSuccess;
  }
  auto result = deploy::start_rollout(*request, *settings);
  if (!result) return result.error();
  return print_rollout(*result, options, "succeeded");
}

}  // namespace

Handler setup_deploy_command(CLI::App& app) {
  auto deploy_options = std::make_shared<DeployOptions>();
  app.add_option("REQUEST", deploy_options->request_file, "Change request (JSON)");
  app.add_option("--resume", deploy_options->resume, "Complete or roll back an interrupted change")
      ->excludes("REQUEST");
  app.add_option("--plan", deploy_options->plan_id,
                 "Deploy this stored, approved plan (the latest version of its month)")
      ->excludes("REQUEST");
  app.add_option("--ring", deploy_options->ring, "With --plan: only this ring's waves");
  app.add_option("--policy", deploy_options->policy,
                 "With --plan: the policy whose deploy: section applies (default: "
                 "/etc/patchplan/policy.yaml, else the built-in policy)");
  app.add_option("--hosts", deploy_options->hosts,
                 "With --plan: hosts file with each host's address (default: "
                 "/etc/patchplan/hosts.yaml)");
  app.add_flag("--dry-run", deploy_options->dry_run,
               "Show every command on every host; change nothing");
  app.add_option("--now", deploy_options->now_reason,
                 "Start hosts even after the window closed; the reason is journaled");
  return [deploy_options](const GlobalOptions& options) { return run(*deploy_options, options); };
}

}  // namespace patchplan::cli
