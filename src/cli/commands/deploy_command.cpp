// `patchplan deploy REQUEST.json [--dry-run] [--now REASON]` and `deploy --resume ID`:
// carry out a change request over its hosts, or complete one after a crash.
#include <fstream>
#include <sstream>

#include "cli/commands/commands.hpp"
#include "cli/commands/deploy_output.hpp"
#include "cli/host_access.hpp"
#include "deploy/change_request.hpp"
#include "deploy/rollout.hpp"

namespace patchplan::cli {
namespace {

struct DeployOptions {
  std::string request_file;
  std::string resume;
  std::string now_reason;
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

Expected<int> run(const DeployOptions& deploy_options, const GlobalOptions& options) {
  if (deploy_options.resume.empty() == deploy_options.request_file.empty()) {
    return make_error(ErrorCode::kUsage, "give a change request file or --resume CHANGE-ID");
  }
  auto settings = rollout_options(options, deploy_options.now_reason);
  if (!settings) return settings.error();
  if (!deploy_options.resume.empty()) {
    auto result = deploy::resume_rollout(deploy_options.resume, *settings);
    if (!result) return result.error();
    return print_rollout(*result, options, "succeeded");
  }
  auto request = read_request(deploy_options.request_file);
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
  app.add_flag("--dry-run", deploy_options->dry_run,
               "Show every command on every host; change nothing");
  app.add_option("--now", deploy_options->now_reason,
                 "Start hosts even after the window closed; the reason is journaled");
  return [deploy_options](const GlobalOptions& options) { return run(*deploy_options, options); };
}

}  // namespace patchplan::cli
