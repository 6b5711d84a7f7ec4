// `patchplan harden`: evaluates a SCAP Security Guide profile natively, with oscap's verdicts.
#include <unistd.h>

#include <cstdio>

#include "cli/commands/commands.hpp"
#include "cli/host_access.hpp"
#include "harden/content.hpp"
#include "harden/default_content.hpp"
#include "harden/profile_selection.hpp"
#include "harden/remediation.hpp"
#include "harden/remediation_run.hpp"
#include "harden/report_html.hpp"
#include "harden/results_output.hpp"
#include "harden/results_xccdf.hpp"
#include "harden/xccdf_evaluator.hpp"
#include "report/json_text.hpp"
#include "report/schema_version.hpp"

namespace patchplan::cli {
namespace {

struct HardenOptions {
  std::string content;
  std::string profile;
  bool list_profiles = false;
  std::string results_xccdf;
  std::string results_arf;
  std::string report;
  bool remediate = false;
  bool dry_run = false;
  std::vector<std::string> rules;
  double fix_timeout = 300;
};

Status write_text_file(const std::string& path, const std::string& text) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) return make_error(ErrorCode::kIo, "cannot write '{}'", path);
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  if (std::fclose(file) != 0 || !written) {
    return make_error(ErrorCode::kIo, "cannot write '{}'", path);
  }
  return ok();
}

// --results-xccdf, --results-arf and --report, each when asked for.
Status write_outputs(const HardenOptions& harden_options, const harden::Content& content,
                     const harden::Evaluation& evaluation, const harden::ResultsInfo& info) {
  if (!harden_options.results_xccdf.empty()) {
    auto written =
        harden::write_xccdf_results(content, evaluation, info, harden_options.results_xccdf);
    if (!written) return written;
  }
  if (!harden_options.results_arf.empty()) {
    auto written = harden::write_arf_results(content, evaluation, info, harden_options.results_arf);
    if (!written) return written;
  }
  if (!harden_options.report.empty()) {
    return write_text_file(harden_options.report,
                           harden::evaluation_html(*content.benchmark(), evaluation));
  }
  return ok();
}

nlohmann::json remediation_json(const harden::RemediationResult& result, const std::string& root) {
  nlohmann::json fixes = nlohmann::json::array();
  for (const harden::FixRecord& fix : result.fixes) {
    fixes.push_back({{"rule", fix.rule->id},
                     {"outcome", fix.outcome},
                     {"before", harden::status_name(fix.before)},
                     {"after", harden::status_name(fix.after)},
                     {"ran", fix.ran},
                     {"exit_code", fix.run.exit_code},
                     {"timed_out", fix.run.timed_out || fix.trial.timed_out},
                     {"files", fix.paths},
                     {"diverged_from_trial", fix.diverged},
                     {"message", fix.message}});
  }
  return {{"schema_version", report::kSchemaVersion},
          {"change_id", result.change_id},
          {"root", root},
          {"fixes", fixes}};
}

std::string remediation_text(const harden::RemediationResult& result, const std::string& root) {
  if (result.change_id.empty()) return "nothing to remediate: no selected rule fails\n";
  std::string out = fmt::format("remediation {} on '{}': {} fixes\n", result.change_id, root,
                                result.fixes.size());
  for (const harden::FixRecord& fix : result.fixes) {
    std::string how = fix.outcome;
    if (fix.outcome == "failed") how += fmt::format(" (exit {})", fix.run.exit_code);
    out += fmt::format("  {} -> {}  {}  {} ({} files)\n", harden::status_name(fix.before),
                       harden::status_name(fix.after), how, fix.rule->id, fix.paths.size());
    if (!fix.message.empty()) out += fmt::format("      {}\n", fix.message);
    for (const std::string& path : fix.diverged) {
      out += fmt::format("      warning: '{}' differs from what the trial run wrote\n", path);
    }
  }
  out += fmt::format("roll back with: patchplan rollback {}\n", result.change_id);
  return out;
}

Expected<int> run_remediation(const HardenOptions& harden_options, const GlobalOptions& options,
                              const harden::Content& content, const harden::Profile* profile,
                              const harden::Evaluation& evaluation, const std::string& host) {
  auto store = open_store(options);
  if (!store) return store.error();
  harden::RemediateOptions remediate_options;
  remediate_options.root = options.root;
  remediate_options.host = options.host.value_or(host);
  remediate_options.rules = harden_options.rules;
  if (!(harden_options.fix_timeout > 0)) {
    return make_error(ErrorCode::kUsage, "--fix-timeout must be a positive number of seconds");
  }
  remediate_options.timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(harden_options.fix_timeout * 1000));
  auto result = harden::remediate(content, profile, evaluation, remediate_options, *store);
  if (!result) return result.error();
  if (options.json) {
    print_output(report::to_json_text(remediation_json(*result, options.root)) + "\n");
  } else {
    print_output(remediation_text(*result, options.root));
  }
  const bool all_pass = std::all_of(
      result->fixes.begin(), result->fixes.end(),
      [](const harden::FixRecord& fix) { return fix.after == harden::RuleStatus::kPass; });
  return all_pass ? kExitSuccess : kExitRulesFailed;
}

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
  if (!harden_options.rules.empty() && !harden_options.remediate) {
    return make_error(ErrorCode::kUsage, "--rule selects the rules of --remediate");
  }
  if (harden_options.dry_run && !harden_options.remediate) {
    return make_error(ErrorCode::kUsage, "--dry-run lists what --remediate would run");
  }
  harden::EvaluateOptions evaluate_options;
  evaluate_options.root = options.root;
  harden::ResultsInfo info{path, harden::utc_now(), "", ""};
  auto evaluation = harden::evaluate(*content, *profile, evaluate_options);
  if (!evaluation) return evaluation.error();
  info.end_time = harden::utc_now();
  char host[256] = {};
  info.target = ::gethostname(host, sizeof host - 1) == 0 ? host : "unknown";
  if (auto written = write_outputs(harden_options, *content, *evaluation, info); !written) {
    return written.error();
  }
  if (harden_options.remediate && harden_options.dry_run) {
    std::vector<harden::PlannedFix> plan;
    for (harden::PlannedFix& fix : harden::remediation_plan(*benchmark, *profile, *evaluation)) {
      if (harden::rule_selected_by(*fix.rule, harden_options.rules)) plan.push_back(std::move(fix));
    }
    if (options.json) {
      print_output(report::to_json_text({{"schema_version", report::kSchemaVersion},
                                         {"kind", "remediation-plan"},
                                         {"content", path},
                                         {"profile", evaluation->profile_id},
                                         {"root", options.root},
                                         {"fixes", harden::remediation_json(plan)}}) +
                   "\n");
    } else {
      print_output(harden::remediation_text(plan));
    }
    return evaluation->exit_status() == 0 ? kExitSuccess : kExitRulesFailed;
  }
  if (harden_options.remediate) {
    return run_remediation(harden_options, options, *content, *profile, *evaluation, info.target);
  }
  if (options.json) {
    nlohmann::json document = harden::evaluation_json(*evaluation);
    document["schema_version"] = report::kSchemaVersion;
    document["content"] = path;
    print_output(report::to_json_text(document) + "\n");
  } else {
    print_output(harden::evaluation_text(*evaluation));
  }
  return evaluation->exit_status() == 0 ? kExitSuccess : kExitRulesFailed;
}

}  // namespace

Handler setup_harden_command(CLI::App& app) {
  auto harden_options = std::make_shared<HardenOptions>();
  app.add_option("--content", harden_options->content,
                 "SCAP datastream, XCCDF or OVAL file (default: the SSG content for this OS)");
  app.add_option("--profile", harden_options->profile,
                 "Profile id or its short name (e.g. standard, anssi_bp28_high)");
  app.add_flag("--list-profiles", harden_options->list_profiles, "List the profiles and exit");
  app.add_option("--results-xccdf", harden_options->results_xccdf,
                 "Write the benchmark with its TestResult (oscap's --results format)");
  app.add_option("--results-arf", harden_options->results_arf,
                 "Write an ARF report (oscap's --results-arf format)");
  app.add_option("--report", harden_options->report, "Write a self-contained HTML report");
  app.add_flag("--remediate", harden_options->remediate,
               "Run the shell fixes of the failing rules (each journaled; see rollback)");
  app.add_option("--rule", harden_options->rules,
                 "With --remediate: only this failing rule (full id or short name; repeatable)");
  app.add_option("--fix-timeout", harden_options->fix_timeout,
                 "With --remediate: seconds a fix may run before it is killed (default 300)");
  app.add_flag("--dry-run", harden_options->dry_run, "Only list what --remediate would run");
  return [harden_options](const GlobalOptions& options) -> Expected<int> {
    return run_harden(*harden_options, options);
  };
}

}  // namespace patchplan::cli
