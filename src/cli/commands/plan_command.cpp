// `patchplan plan`: make, store and show the plan; `plan show|diff|approve ID`.
#include <malloc.h>

#include <fstream>
#include <future>
#include <nlohmann/json.hpp>

#include "cli/commands/commands.hpp"
#include "cli/host_access.hpp"
#include "cli/policy_files.hpp"
#include "plan/plan_json.hpp"
#include "plan/plan_output.hpp"
#include "plan/planner.hpp"
#include "plan/policy_loader.hpp"
#include "plan/store_input.hpp"
#include "store/plan_records.hpp"

namespace patchplan::cli {
namespace {

struct PlanOptions {
  std::optional<std::string> from;
  std::optional<std::string> until;
  std::optional<std::string> now;
  std::optional<std::string> ics;
  std::optional<std::string> policy;
  std::optional<std::string> hosts;
  bool dry_run = false;
  std::int64_t id = 0;
  std::int64_t other_id = 0;
  std::string reason;
};

Expected<plan::Instant> instant_option(const std::string& name, const std::string& text) {
  auto at = plan::parse_instant(text);
  if (!at) return make_error(ErrorCode::kUsage, "{}: {}", name, at.error().message);
  return *at;
}

store::PlanRecords plan_records(store::Store& db) {
  return store::PlanRecords(db.database(), db.journal(), store::current_actor("patchplan"),
                            store::system_now);
}

Status write_calendar(const plan::Plan& plan, std::int64_t id, const std::string& path) {
  auto ics = plan::plan_calendar(plan, std::to_string(id));
  if (!ics) return ics.error();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << *ics;
  out.close();
  if (!out) return make_error(ErrorCode::kIo, "cannot write calendar '{}'", path);
  return ok();
}

// `made_text`, when given, is plan_text(plan) made beforehand (beside the store's write).
Expected<int> show_plan(const plan::Plan& plan, const store::StoredPlan* stored,
                        const PlanOptions& plan_options, const GlobalOptions& options,
                        std::string made_text = {}) {
  if (plan_options.ics) {
    if (auto s = write_calendar(plan, stored ? stored->id : 0, *plan_options.ics); !s) {
      return s.error();
    }
  }
  if (options.json) {
    plan::write_plan_json(plan, 2, stored, [](std::string_view text) { print_output(text); });
    print_output("\n");
    return kExitSuccess;
  }
  std::string head;
  if (stored) {
    head =
        fmt::format("plan {} ({} version {}), {}\n", stored->id, stored->period, stored->version,
                    stored->approvals.empty()
                        ? std::string("not approved")
                        : fmt::format("approved by {} at {}", stored->approvals.back().approved_by,
                                      stored->approvals.back().approved_at));
  }
  print_output(head);
  print_output(made_text.empty() ? plan::plan_text(plan) : made_text);
  return kExitSuccess;
}

Expected<int> make(const PlanOptions& plan_options, const GlobalOptions& options) {
  plan::PlanInput input;
  auto now =
      plan_options.now
          ? instant_option("--now", *plan_options.now)
          : Expected<plan::Instant>(std::chrono::floor<std::chrono::seconds>(store::system_now()));
  if (!now) return now.error();
  input.now = *now;
  if (plan_options.from) {
    auto from = instant_option("--from", *plan_options.from);
    if (!from) return from.error();
    input.from = *from;
  }
  if (plan_options.until) {
    auto until = instant_option("--until", *plan_options.until);
    if (!until) return until.error();
    input.until = *until;
  }
  auto db = open_store(options);
  if (!db) return db.error();
  // The store is read while the policy and hosts files are parsed: independent inputs, each
  // some tenths of a second at fleet scale. (An early return waits for the read.)
  auto reading =
      std::async(std::launch::async, [&store = *db] { return plan::latest_host_findings(store); });
  auto loaded_policy = effective_policy(plan_options.policy);
  if (!loaded_policy) return loaded_policy.error();
  plan::Policy policy = std::move(*loaded_policy);
  plan::HostsFile hosts;
  if (auto file = config_file(plan_options.hosts, kHostsPath)) {
    auto loaded = plan::load_hosts_file(*file);
    if (!loaded) return loaded.error();
    hosts = std::move(*loaded);
    if (auto s = plan::check_hosts_against_policy(hosts, policy); !s) return s.error();
  }
  input.policy = &policy;
  input.hosts = &hosts;

  auto findings = reading.get();
  if (!findings) return findings.error();
  input.findings = std::move(*findings);
  auto made = plan::make_plan(input);
  if (!made) return made.error();
  // The findings are in the plan now: give their memory back before the document is
  // written (glibc keeps freed small blocks in the heap unless trimmed).
  input.findings = {};
  ::malloc_trim(0);
  if (plan_options.dry_run) return show_plan(*made, nullptr, plan_options, options);
  // The document goes to the store as it is written (compressed there): a 10,000-host
  // plan is some 180 MB of JSON, never held whole. It is printed from the Plan; the text
  // form is made meanwhile on a second thread (both only read the Plan).
  std::future<std::string> text;
  if (!options.json) {
    text = std::async(std::launch::async, [&plan = *made] { return plan::plan_text(plan); });
  }
  auto stored = plan_records(*db).record_plan(
      [&](const auto& sink) { plan::write_plan_json(*made, -1, nullptr, sink); },
      plan::format_instant(made->from), plan::format_instant(made->until));
  std::string shown = text.valid() ? text.get() : std::string();
  if (!stored) return stored.error();
  return show_plan(*made, &*stored, plan_options, options, std::move(shown));
}

// The stored plan `id` read back; `out`, if given, gets its record.
Expected<plan::Plan> stored_plan(store::Store& db, std::int64_t id,
                                 store::StoredPlan* out = nullptr) {
  auto stored = plan_records(db).find(id);
  if (!stored) return stored.error();
  auto document = nlohmann::json::parse(stored->document, nullptr, false);
  if (document.is_discarded()) {
    return make_error(ErrorCode::kInvalidInput, "plan {} is not a JSON document", id);
  }
  auto plan = plan::plan_from_json(document);
  if (!plan) return plan.error().context(fmt::format("plan {}", id));
  if (out) *out = std::move(*stored);
  return plan;
}

}  // namespace

Handler setup_plan_command(CLI::App& app) {
  auto o = std::make_shared<PlanOptions>();
  app.add_option("--from", o->from, "Plan from this date or time (UTC; default: now)");
  app.add_option("--until", o->until, "Plan until this date or time (default: from + 62 days)");
  app.add_option("--now", o->now, "Plan as if the clock said this time (UTC)");
  app.add_option("--ics", o->ics, "Also write the waves as an iCalendar file");
  app.add_option("--policy", o->policy,
                 "Policy file (default: /etc/patchplan/policy.yaml, "
                 "else the built-in policy)");
  app.add_option("--hosts", o->hosts, "Hosts file (default: /etc/patchplan/hosts.yaml)");
  app.add_flag("--dry-run", o->dry_run, "Show the plan without storing it");
  CLI::App* show = app.add_subcommand("show", "Show a stored plan");
  show->add_option("ID", o->id, "Plan id")->required();
  show->add_option("--ics", o->ics, "Also write the waves as an iCalendar file");
  CLI::App* diff = app.add_subcommand("diff", "Show what changed between two stored plans");
  diff->add_option("ID1", o->id, "Earlier plan id")->required();
  diff->add_option("ID2", o->other_id, "Later plan id")->required();
  CLI::App* approve = app.add_subcommand("approve", "Approve a stored plan (journaled)");
  approve->add_option("ID", o->id, "Plan id")->required();
  approve->add_option("--reason", o->reason, "Why, e.g. the change board's reference");
  return [o, show, diff, approve](const GlobalOptions& options) -> Expected<int> {
    if (!show->parsed() && !diff->parsed() && !approve->parsed()) return make(*o, options);
    auto db = open_store(options);
    if (!db) return db.error();
    if (show->parsed()) {
      store::StoredPlan stored;
      auto shown = stored_plan(*db, o->id, &stored);
      if (!shown) return shown.error();
      return show_plan(*shown, &stored, *o, options);
    }
    if (diff->parsed()) {
      auto before = stored_plan(*db, o->id);
      auto after = stored_plan(*db, o->other_id);
      if (!before) return before.error();
      if (!after) return after.error();
      std::string text = plan::plan_diff(*before, *after);
      print_output(text.empty()
                       ? fmt::format("plans {} and {} schedule the same\n", o->id, o->other_id)
                       : text);
      return kExitSuccess;
    }
    auto approval = plan_records(*db).approve(o->id, o->reason);
    if (!approval) return approval.error();
    print_output(fmt::format("plan {} approved by {} at {} (journal entry {})\n", o->id,
                             approval->approved_by, approval->approved_at, approval->journal_id));
    return kExitSuccess;
  };
}

}  // namespace patchplan::cli
