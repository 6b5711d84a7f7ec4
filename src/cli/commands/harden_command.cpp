// `patchplan harden`: evaluates a SCAP Security Guide profile natively, with oscap's verdicts.
#include "cli/commands/commands.hpp"
#include "cli/host_access.hpp"
#include "harden/content.hpp"
#include "harden/default_content.hpp"
#include "harden/profile_selection.hpp"
#include "harden/results_output.hpp"
#include "harden/xccdf_evaluator.hpp"
#include "report/json_text.hpp"
#include "report/schema_version.hpp"

namespace patchplan::cli {
namespace {

struct HardenOptions {
  std::string content;
  std::string profile;
  bool list_profiles = false;
};

Expected<int> run_harden(const HardenOptions& harden_options, const GlobalOptions& options) {
  auto root = open_root(options);
  if (!root) return root.error();
  std::string path = harden_options.content;
  if (path.empty()) {
    auto found = harden::default_content(*root);
    if (!found) return found.error();
    path = *found;
  }
  auto content = harden::Content::load(path);
  if (!content) return content.error();
  const harden::Benchmark* benchmark = content->benchmark();
  if (benchmark == nullptr) {
    return make_error(ErrorCode::kInvalidInput, "'{}' has no xccdf benchmark to evaluate", path);
  }
  if (harden_options.list_profiles) {
    if (options.json) {
      print_output(report::to_json_text({{"schema_version", report::kSchemaVersion},
                                         {"benchmark", benchmark->id},
                                         {"profiles", harden::profiles_json(*benchmark)}}) +
                   "\n");
    } else {
      print_output(harden::profiles_text(*benchmark));
    }
    return kExitSuccess;
  }
  if (harden_options.profile.empty()) {
    return make_error(ErrorCode::kUsage, "--profile is required (see --list-profiles)");
  }
  auto profile = harden::find_profile(*benchmark, harden_options.profile);
  if (!profile) return profile.error();
  harden::EvaluateOptions evaluate_options;
  evaluate_options.root = options.root;
  auto evaluation = harden::evaluate(*content, *profile, evaluate_options);
  if (!evaluation) return evaluation.error();
  if (options.json) {
    nlohmann::json document = harden::evaluation_json(*evaluation);
    document["schema_version"] = report::kSchemaVersion;
    document["content"] = path;
    print_output(report::to_json_text(document) + "\n");
  } else {
    print_output(harden::evaluation_text(*evaluation));
  }
  return evaluation->exit_status();
}

}  // namespace

Handler setup_harden_command(CLI::App& app) {
  auto harden_options = std::make_shared<HardenOptions>();
  app.add_option("--content", harden_options->content,
                 "SCAP datastream, XCCDF or OVAL file (default: the SSG content for this OS)");
  app.add_option("--profile", harden_options->profile,
                 "Profile id or its short name (e.g. standard, anssi_bp28_high)");
  app.add_flag("--list-profiles", harden_options->list_profiles, "List the profiles and exit");
  return [harden_options](const GlobalOptions& options) -> Expected<int> {
    return run_harden(*harden_options, options);
  };
}

}  // namespace patchplan::cli
