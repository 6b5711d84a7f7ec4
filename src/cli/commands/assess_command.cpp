// `patchplan assess`: the host's pending updates, prioritised, stored as a dated
// snapshot with its journal entry, and compared with the previous snapshot.
#include "assessment/host_assessment.hpp"
#include "assessment/pending_changes.hpp"
#include "cli/commands/commands.hpp"
#include "cli/host_access.hpp"
#include "common/diagnostics.hpp"
#include "report/assessment_json.hpp"
#include "report/assessment_text.hpp"
#include "report/json_text.hpp"

namespace patchplan::cli {
namespace {

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

Expected<int> assess(const GlobalOptions& options) {
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
  report::AssessmentView view;
  view.assessment = &*result;
  view.taken_at = store::system_now();
  if (auto loaded = load_history(*db, result->host.hostname, view); !loaded) {
    return loaded.error();
  }

  nlohmann::json document = report::assessment_to_json(view);
  auto recorded = db->assessments().record_assessment(
      result->host.hostname, view.taken_at, report::to_json_text(document, -1),
      report::pending_rows(*result),
      fmt::format("{} pending, {} security", result->pending.size(), result->security_count()));
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

Handler setup_assess_command(CLI::App&) { return assess; }

}  // namespace patchplan::cli
