// Remediation runs and their rollback, journaled fix by fix.
#include "harden/remediation_run.hpp"

#include <fmt/chrono.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <random>

#include "common/root_fs.hpp"
#include "harden/file_state.hpp"
#include "harden/remediation.hpp"
#include "harden/remediation_records.hpp"
#include "store/sha256.hpp"
#include "store/transaction.hpp"

namespace patchplan::harden {
namespace {

std::string new_change_id() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  std::random_device random;
  return fmt::format("harden-{:%Y%m%dT%H%M%SZ}-{:06x}", now, random() & 0xffffffu);
}

nlohmann::json outcome_json(const FixOutcome& outcome) {
  return {{"exit_code", outcome.exit_code},
          {"signal", outcome.signal},
          {"timed_out", outcome.timed_out},
          {"output", outcome.output},
          {"output_cut", outcome.output_cut}};
}

// Journals `action` for the change in one transaction with `also` (rows of the same step).
Expected<std::int64_t> journal(store::Store& store, const std::string& host,
                               const std::string& action, const nlohmann::json& details,
                               const std::string& before_digest, const std::string& after_digest,
                               const std::function<Status(std::int64_t)>& also) {
  auto transaction = store::Transaction::begin(store.database());
  if (!transaction) return transaction.error();
  store::JournalChange change;
  change.actor = store::current_actor("patchplan");
  change.host = host;
  change.action = action;
  change.reason = "harden --remediate";
  change.before_digest = before_digest;
  change.after_digest = after_digest;
  change.details = details.dump();
  auto entry = store.journal().append(change);
  if (!entry) return entry.error();
  if (also) {
    if (auto done = also(entry->id); !done) return done.error();
  }
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return entry->id;
}

// The files array of a journal entry and the contents to keep for it.
struct FileSide {
  nlohmann::json files = nlohmann::json::array();
  std::vector<const FileState*> contents;
  [[nodiscard]] std::string digest() const { return store::sha256_hex(files.dump()); }
};

Status store_contents(store::Database& db, const FileSide& side) {
  for (const FileState* state : side.contents) {
    if (auto stored = store_file_content(db, state->sha256, state->content); !stored) return stored;
  }
  return ok();
}

// The trial's paths, with everything below a directory that it deleted or replaced whole.
Expected<std::vector<std::string>> changed_paths(const RootFs& root,
                                                 const std::vector<TrialChange>& changes) {
  std::vector<std::string> paths;
  std::vector<std::string> pending;
  for (const TrialChange& change : changes) {
    paths.push_back(change.path);
    if (change.deleted || change.opaque) pending.push_back(change.path);
  }
  while (!pending.empty()) {
    const std::string dir = pending.back();
    pending.pop_back();
    auto names = root.list_dir(dir);
    if (!names) continue;  // not a directory before: nothing below it
    for (const std::string& name : *names) {
      paths.push_back(dir + "/" + name);
      pending.push_back(dir + "/" + name);
    }
  }
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

class Runner {
 public:
  Runner(store::Store& store, const RemediateOptions& options, RootFs root, FileRoot files,
         std::string change_id)
      : store_(store),
        options_(options),
        root_(std::move(root)),
        files_(std::move(files)),
        change_id_(std::move(change_id)) {
    run_options_.root = options.root;
    run_options_.timeout = options.timeout;
  }

  // Runs one planned fix; an error means the run must stop.
  Status run(const PlannedFix& fix, std::int64_t ordinal, FixRecord* record) {
    if (!fix.refusal.empty()) return refuse(fix, ordinal, fix.refusal, record);
    if (fix.script.size() > kMaxScriptBytes) {
      return refuse(fix, ordinal,
                    fmt::format("the fix has {} bytes, more than the {} bash -c takes",
                                fix.script.size(), kMaxScriptBytes),
                    record);
    }
    auto trial = OverlayRun::run(fix.script, run_options_);
    if (!trial) return trial.error();
    const bool offline = options_.root != "/";
    record->trial = trial->outcome();
    auto paths = changed_paths(root_, trial->changes());
    if (!paths) return paths.error();
    std::vector<FileState> befores;
    std::string refusal;
    if (trial->outcome().timed_out) {
      refusal = offline ? "the fix timed out; nothing of it was applied"
                        : "the trial timed out; the fix was not run";
    }
    for (const std::string& path : *paths) {
      if (!refusal.empty()) break;
      auto state = files_.capture(path, options_.max_file_bytes);
      if (!state) {
        refusal = state.error().message;
        break;
      }
      befores.push_back(std::move(*state));
    }
    // Offline root: what the fix left in the overlay is what is applied, all read first.
    std::vector<PathState> targets;
    for (std::size_t i = 0; offline && refusal.empty() && i < paths->size(); ++i) {
      auto state = trial->state((*paths)[i], options_.max_file_bytes);
      if (!state) {
        refusal = state.error().message;
        break;
      }
      targets.push_back({(*paths)[i], std::move(*state)});
    }
    FileSide before;
    if (refusal.empty()) {
      for (std::size_t i = 0; i < befores.size(); ++i) {
        before.files.push_back({{"path", (*paths)[i]}, {"before", file_state_json(befores[i])}});
        if (befores[i].kind == FileKind::kRegular) before.contents.push_back(&befores[i]);
      }
    }
    nlohmann::json start{{"change_id", change_id_},
                         {"rule", fix.rule->id},
                         {"ordinal", ordinal},
                         {"script_sha256", store::sha256_hex(fix.script)},
                         {"mode", offline ? "overlay-applied" : "trial-then-in-place"},
                         {"trial", outcome_json(trial->outcome())},
                         {"files", before.files}};
    if (!refusal.empty()) start["refused"] = refusal;
    auto start_id =
        journal(store_, options_.host, "harden.fix.start", start, before.digest(), "",
                [&](std::int64_t id) -> Status {
                  if (auto stored = store_contents(store_.database(), before); !stored) {
                    return stored;
                  }
                  return insert_remediation_fix(store_.database(), change_id_,
                                                {ordinal, fix.rule->id, id, {}});
                });
    if (!start_id) return start_id.error();
    if (!refusal.empty()) {
      record->outcome = trial->outcome().timed_out ? "timed-out" : "refused";
      record->message = refusal;
      return end(ordinal, fix, FileSide{}, record);
    }
    std::string apply_error;
    if (offline) {
      record->run = trial->outcome();
      std::vector<std::string> applied;
      if (auto done = apply_states(files_, targets, &applied); !done) {
        apply_error = done.error().message;
      }
    } else {
      auto outcome = run_fix(fix.script, run_options_);
      if (!outcome) return outcome.error();
      record->run = *outcome;
    }
    record->ran = true;
    record->outcome = !apply_error.empty()      ? "failed"
                      : record->run.timed_out   ? "timed-out"
                      : record->run.succeeded() ? "applied"
                                                : "failed";
    record->message = apply_error;
    if (!offline && (record->run.exit_code != record->trial.exit_code ||
                     record->run.output != record->trial.output)) {
      record->message =
          "the real run's exit status or output differs from its trial's: files it wrote "
          "beyond those of the trial may be missing from the journal";
    }
    std::vector<FileState> afters;
    FileSide after;
    afters.reserve(paths->size());
    for (std::size_t i = 0; i < paths->size(); ++i) {
      const std::string& path = (*paths)[i];
      auto state = files_.capture(path, options_.max_file_bytes);
      if (!state) {
        after.files.push_back({{"path", path}, {"error", state.error().message}});
        continue;
      }
      afters.push_back(std::move(*state));
      const FileState& now = afters.back();
      after.files.push_back({{"path", path}, {"after", file_state_json(now)}});
      if (now.kind == FileKind::kRegular) after.contents.push_back(&now);
      if (!(now == befores[i])) record->paths.push_back(path);
      if (offline) {
        if (now.kind != targets[i].state.kind || now.sha256 != targets[i].state.sha256) {
          record->diverged.push_back(path);
        }
        continue;
      }
      const auto predicted = std::find_if(trial->changes().begin(), trial->changes().end(),
                                          [&](const TrialChange& c) { return c.path == path; });
      if (predicted != trial->changes().end() &&
          (predicted->deleted != (now.kind == FileKind::kAbsent) ||
           (!predicted->sha256.empty() && predicted->sha256 != now.sha256))) {
        record->diverged.push_back(path);
      }
    }
    return end(ordinal, fix, after, record);
  }

 private:
  Status refuse(const PlannedFix& fix, std::int64_t ordinal, const std::string& why,
                FixRecord* record) {
    record->outcome = "refused";
    record->message = why;
    nlohmann::json details{
        {"change_id", change_id_}, {"rule", fix.rule->id}, {"ordinal", ordinal}, {"refused", why}};
    auto id = journal(store_, options_.host, "harden.fix.refused", details, "", "", {});
    if (!id) return id.error();
    return ok();
  }

  Status end(std::int64_t ordinal, const PlannedFix& fix, const FileSide& after,
             const FixRecord* record) {
    nlohmann::json details{{"change_id", change_id_},     {"rule", fix.rule->id},
                           {"ordinal", ordinal},          {"outcome", record->outcome},
                           {"ran", record->ran},          {"files", after.files},
                           {"diverged", record->diverged}};
    if (record->ran) details["run"] = outcome_json(record->run);
    auto id = journal(store_, options_.host, "harden.fix.end", details, "", after.digest(),
                      [&](std::int64_t entry) -> Status {
                        if (auto stored = store_contents(store_.database(), after); !stored) {
                          return stored;
                        }
                        return set_fix_end(store_.database(), change_id_, ordinal, entry);
                      });
    if (!id) return id.error();
    return ok();
  }

  store::Store& store_;
  const RemediateOptions& options_;
  RootFs root_;
  FileRoot files_;
  std::string change_id_;
  FixRunOptions run_options_;
};

}  // namespace

Expected<RemediationResult> remediate(const Content& content, const Profile* profile,
                                      const Evaluation& evaluation, const RemediateOptions& options,
                                      store::Store& store) {
  const Benchmark* benchmark = content.benchmark();
  if (benchmark == nullptr) {
    return make_error(ErrorCode::kInvalidInput, "the content has no xccdf benchmark");
  }
  for (const std::string& name : options.rules) {
    const bool known =
        std::any_of(benchmark->rules.begin(), benchmark->rules.end(),
                    [&](const Rule& rule) { return rule_selected_by(rule, {name}); });
    if (!known) return make_error(ErrorCode::kUsage, "no rule '{}' in the benchmark", name);
  }
  auto root = RootFs::open(options.root);
  if (!root) return root.error();
  if (!root->exists("/bin/bash")) {
    return make_error(ErrorCode::kInvalidInput,
                      "root '{}' has no /bin/bash to run the content's fixes with", options.root);
  }
  auto files = FileRoot::open(options.root);
  if (!files) return files.error();
  RemediationResult result;
  result.change_id = new_change_id();
  std::vector<PlannedFix> plan;
  for (PlannedFix& fix : remediation_plan(*benchmark, profile, evaluation)) {
    if (rule_selected_by(*fix.rule, options.rules)) plan.push_back(std::move(fix));
  }
  if (plan.empty()) {  // nothing fails: no change is made or journaled
    result.change_id.clear();
    result.after = evaluation;
    return result;
  }
  const RemediationChange change{result.change_id, "",
                                 options.host,     options.root,
                                 benchmark->id,    profile != nullptr ? profile->id : "",
                                 "running"};
  nlohmann::json rules = nlohmann::json::array();
  for (const PlannedFix& fix : plan) rules.push_back(fix.rule->id);
  auto begun = journal(store, options.host, "harden.remediate",
                       {{"change_id", change.id},
                        {"root", change.root},
                        {"benchmark", change.benchmark},
                        {"profile", change.profile},
                        {"rules", rules}},
                       "", "", [&](std::int64_t id) -> Status {
                         RemediationChange row = change;
                         auto time = store.database().query_text(
                             fmt::format("SELECT time FROM journal WHERE id = {}", id));
                         if (!time) return time.error();
                         row.created_at = *time;
                         return insert_remediation_change(store.database(), row);
                       });
  if (!begun) return begun.error();
  Runner runner(store, options, std::move(*root), std::move(*files), result.change_id);
  Status stopped = ok();
  for (std::size_t i = 0; i < plan.size(); ++i) {
    FixRecord record;
    record.rule = plan[i].rule;
    if (plan[i].script.empty()) {
      record.outcome = "no-fix";
      record.message = "the content has no shell fix for this rule";
      result.fixes.push_back(std::move(record));
      continue;
    }
    stopped = runner.run(plan[i], static_cast<std::int64_t>(i + 1), &record);
    result.fixes.push_back(std::move(record));
    if (!stopped) break;
  }
  auto done = journal(store, options.host, "harden.remediate.done",
                      {{"change_id", change.id},
                       {"fixes", result.fixes.size()},
                       {"stopped", stopped ? "" : stopped.error().message}},
                      "", "", [&](std::int64_t) {
                        return set_remediation_state(store.database(), change.id, "applied");
                      });
  if (!stopped) return stopped.error().context(fmt::format("remediation {}", change.id));
  if (!done) return done.error();
  EvaluateOptions evaluate_options;
  evaluate_options.root = options.root;
  auto after = evaluate(content, profile, evaluate_options);
  if (!after) return after.error().context("cannot re-evaluate after the fixes");
  result.after = std::move(*after);
  for (FixRecord& record : result.fixes) {
    for (const RuleResult& rule : result.after.results) {
      if (rule.rule->id != record.rule->id) continue;
      record.after = rule.status;
      const bool undecided = rule.status == RuleStatus::kError ||
                             rule.status == RuleStatus::kUnknown ||
                             rule.status == RuleStatus::kNotChecked;
      if (options.root != "/" && record.ran && undecided) {
        record.message = fmt::format(
            "offline root: /proc and /sys were read-only for the fix, so runtime settings were "
            "not changed; the rule needs the running system ({})",
            rule.message);
      }
    }
  }
  return result;
}

Expected<bool> is_remediation_change(store::Store& store, const std::string& change_id) {
  auto found = find_remediation_change(store.database(), change_id);
  if (!found) return found.error();
  return found->has_value();
}

}  // namespace patchplan::harden
