// `patchplan assess`: the host's pending updates and the vulnerabilities they fix, from
// the feeds in the store, prioritised, stored as a dated snapshot with its journal entry,
// and compared with the previous snapshot. `--explain ID` prints why each finding of one
// vulnerability got its tier (as text, or as JSON with --json), and stores nothing.
#include "assessment/host_assessment.hpp"
#include "assessment/pending_changes.hpp"
#include "cli/commands/commands.hpp"
#include "cli/feed_options.hpp"
#include "cli/host_access.hpp"
#include "common/diagnostics.hpp"
#include "inventory/runtime_use.hpp"
#include "report/assessment_json.hpp"
#include "report/assessment_text.hpp"
#include "report/json_text.hpp"
#include "report/schema_version.hpp"
#include "vulns/explain.hpp"
#include "vulns/loaded_feeds.hpp"
#include "vulns/vulnerability_matcher.hpp"

namespace patchplan::cli {
namespace {

struct AssessCommandOptions {
  std::vector<std::string> max_feed_ages;  // KIND=AGE
  std::string explain;                     // a vulnerability id
};

// Reads the host's history before the new snapshot is written, so that "pending since"
// and the changes refer to earlier runs only.
Status load_history(store::Store& db, const std::string& host, report::AssessmentView& view) {
  auto previous = db.assessments().latest_assessment(host);
  if (!previous) return previous.error();
  if (!*previous) return ok();
  view.previous_taken_at = (*previous)->taken_at;
  view.changes =
      assessment::compare_pending((*previous)->pending, report::pending_rows(*view.assessment));
  auto since = db.assessments().pending_since_all(host);
  if (!since) return since.error();
  view.pending_since = std::move(*since);
  return ok();
}

nlohmann::json explanation_to_json(const vulns::Explanation& explanation) {
  return {
      {"vulnerability", explanation.vulnerability},
      {"package", explanation.package},
      {"installed_version", explanation.installed_version},
      {"source", explanation.source},
      {"source_version", explanation.source_version},
      {"verdict", explanation.verdict},
      {"feed", explanation.feed},
      {"feed_note", explanation.feed_note},
      {"release", explanation.release},
      {"nodsa", explanation.nodsa.empty() ? nlohmann::json() : nlohmann::json(explanation.nodsa)},
      {"facts", explanation.facts},
      {"tier", std::string(assessment::tier_name(explanation.tier))},
      {"rule", explanation.rule},
      {"because", explanation.because}};
}

// The explanation of every finding of `id` (its vulnerability id or an alias), as text or,
// with --json, as the "explanation" document (docs/json-schema.md).
Expected<int> explain(const vulns::Findings& findings, const std::string& id,
                      const std::string& host, const vulns::RankingPolicy& policy,
                      store::Timestamp now, bool json) {
  std::vector<vulns::Explanation> explanations;
  for (const auto* list :
       {&findings.fixable, &findings.unfixed, &findings.end_of_life, &findings.undetermined}) {
    for (const vulns::Finding& finding : *list) {
      const auto& aliases = finding.advisory->aliases;
      if (finding.vulnerability() != id &&
          std::find(aliases.begin(), aliases.end(), id) == aliases.end()) {
        continue;
      }
      explanations.push_back(vulns::explain(finding, policy, now));
    }
  }
  if (explanations.empty()) {
    if (!report::advisories_assessed(findings)) {
      return make_error(ErrorCode::kNotFound,
                        "no finding of '{}' on host '{}': no advisory feed is imported, so "
                        "nothing was assessed; run `patchplan feeds update` or `feeds import`",
                        id, host);
    }
    return make_error(ErrorCode::kNotFound,
                      "no finding of '{}' on host '{}': no installed package is affected by it "
                      "according to the imported feeds",
                      id, host);
  }
  const std::vector<std::string> notes = report::feed_warnings(findings);
  if (json) {
    nlohmann::json document = {{"schema_version", report::kSchemaVersion},
                               {"kind", "explanation"},
                               {"host", host},
                               {"id", id},
                               {"notes", notes}};
    nlohmann::json& list = document["explanations"] = nlohmann::json::array();
    for (const vulns::Explanation& explanation : explanations) {
      list.push_back(explanation_to_json(explanation));
    }
    print_output(report::to_json_text(document) + "\n");
    return kExitSuccess;
  }
  std::string out;
  for (const vulns::Explanation& explanation : explanations) {
    out += vulns::explanation_text(explanation);
  }
  for (const std::string& note : notes) out += fmt::format("note: {}\n", note);
  print_output(out);
  return kExitSuccess;
}

Expected<int> assess(const AssessCommandOptions& command, const GlobalOptions& options) {
  auto limits = feed_limits(command.max_feed_ages, "--max-feed-age");
  if (!limits) return limits.error();
  auto root = open_root(options);
  if (!root) return root.error();
  assessment::AssessOptions assess_options;
  assess_options.inventory.host_name = options.host;
  auto result = assessment::assess_host(*root, assess_options);
  if (!result) return result.error();
  for (const auto& warning : result->host.warnings) diag::warning("{}", warning);
  for (const auto& warning : result->updates.warnings) diag::warning("{}", warning);

  auto db = open_store(options);
  if (!db) return db.error();
  const store::Timestamp now = store::system_now();
  const auto& os = result->host.os;
  auto feeds = vulns::load_feeds(db->database(), os.id, os.version_codename, *limits, now);
  if (!feeds) return feeds.error();
  const vulns::RankingPolicy policy = vulns::RankingPolicy::default_policy();
  vulns::VulnerabilityMatcher matcher((*feeds)->advisories, (*feeds)->kev, (*feeds)->epss, policy);
  // Which packages run code here (processes mapping them, listening sockets): the local host
  // only; an offline root reports it as not determined. A failed read is a warning, and the
  // findings then say that runtime use was not read.
  auto runtime_use = inventory::read_runtime_use(*root);
  if (!runtime_use) diag::warning("{}", runtime_use.error().message);
  vulns::Findings findings = matcher.assess(*result, now, runtime_use ? &*runtime_use : nullptr);
  diag::debug("vulns", "{}: {} findings from {} advisories", result->host.hostname, findings.size(),
              (*feeds)->advisories.size());
  if (!command.explain.empty()) {
    return explain(findings, command.explain, result->host.hostname, policy, now, options.json);
  }
  const std::vector<vulns::UpdateFindings> by_update = vulns::findings_by_update(findings);
  vulns::prioritise_by_findings(*result, by_update, policy);

  report::AssessmentView view;
  view.assessment = &*result;
  view.taken_at = now;
  view.vulnerabilities = report::FindingsView{&findings, &by_update, &(*feeds)->ages, &policy};
  if (auto loaded = load_history(*db, result->host.hostname, view); !loaded) {
    return loaded.error();
  }

  nlohmann::json document = report::assessment_to_json(view);
  auto recorded = db->assessments().record_assessment(
      result->host.hostname, view.taken_at, report::to_json_text(document, -1),
      report::pending_rows(*result),
      fmt::format("{} pending, {} security, {} vulnerability findings", result->pending.size(),
                  result->security_count(), findings.size()));
  if (!recorded) return recorded.error();
  diag::debug("store", "snapshot {} and journal entry {} written", recorded->snapshot_id,
              recorded->journal_entry.id);

  if (options.json) {
    print_output(report::to_json_text(document) + "\n");
  } else {
    print_output(report::assessment_text(view, report::Terminal::for_stream(stdout)));
  }
  return kExitSuccess;
}

}  // namespace

Handler setup_assess_command(CLI::App& app) {
  auto options = std::make_shared<AssessCommandOptions>();
  app.add_option("--max-feed-age", options->max_feed_ages,
                 "Age limit of feed KIND (repeatable): days, or a duration such as 36h; "
                 "defaults tracker=2d osv=2d kev=7d epss=7d")
      ->type_name("KIND=AGE");
  app.add_option("--explain", options->explain,
                 "Explain why each finding of vulnerability ID got its tier (stores nothing)")
      ->type_name("ID");
  return [options](const GlobalOptions& global) { return assess(*options, global); };
}

}  // namespace patchplan::cli
