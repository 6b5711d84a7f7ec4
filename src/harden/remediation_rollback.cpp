// Rollback of a remediation: every file its fixes changed back to its journaled before.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "harden/file_state.hpp"
#include "harden/remediation_records.hpp"
#include "harden/remediation_run.hpp"
#include "store/transaction.hpp"

namespace patchplan::harden {
namespace {

// The befores journaled by the start entry of `fix`, with their contents from the store.
Expected<std::vector<PathState>> fix_befores(store::Database& db, const RemediationFixRow& fix) {
  auto text = journal_details(db, fix.start_journal_id);
  if (!text) return text.error();
  std::vector<PathState> befores;
  try {
    const nlohmann::json details = nlohmann::json::parse(*text);
    for (const nlohmann::json& file : details.at("files")) {
      auto state = file_state_from_json(file.at("before"));
      if (!state) {
        return state.error().context(fmt::format("journal entry {}", fix.start_journal_id));
      }
      if (state->kind == FileKind::kRegular) {
        auto content = load_file_content(db, state->sha256);
        if (!content) return content.error();
        state->content = std::move(*content);
      }
      befores.push_back({file.at("path").get<std::string>(), std::move(*state)});
    }
  } catch (const std::exception& error) {
    return make_error(ErrorCode::kInvalidInput, "journal entry {}: malformed details: {}",
                      fix.start_journal_id, error.what());
  }
  return befores;
}

// What each path was left as by the last fix that changed it (from the fixes' end entries).
Expected<std::map<std::string, FileState>> last_afters(
    store::Database& db, const std::vector<RemediationFixRow>& fixes) {
  std::map<std::string, FileState> afters;
  for (const RemediationFixRow& fix : fixes) {
    if (!fix.end_journal_id) continue;  // stopped before its end entry: nothing to compare
    auto text = journal_details(db, *fix.end_journal_id);
    if (!text) return text.error();
    try {
      const nlohmann::json details = nlohmann::json::parse(*text);  // outlives the loop
      for (const nlohmann::json& file : details.at("files")) {
        if (!file.contains("after")) continue;
        auto state = file_state_from_json(file.at("after"));
        if (!state)
          return state.error().context(fmt::format("journal entry {}", *fix.end_journal_id));
        afters[file.at("path").get<std::string>()] = std::move(*state);
      }
    } catch (const std::exception& error) {
      return make_error(ErrorCode::kInvalidInput, "journal entry {}: malformed details: {}",
                        *fix.end_journal_id, error.what());
    }
  }
  return afters;
}

// Refuses the rollback when a file (not a directory, whose times change with any entry) is
// no longer what the remediation left: restoring it would undo a later change.
Status check_unchanged_since(const FileRoot& root, const std::map<std::string, FileState>& afters,
                             const std::string& change_id) {
  for (const auto& [path, after] : afters) {
    if (after.kind == FileKind::kDirectory) continue;
    auto now = root.capture(path, std::size_t{1} << 30);
    if (!now) return now.error();
    const bool same = now->kind == after.kind && now->sha256 == after.sha256 &&
                      now->target == after.target &&
                      (after.kind == FileKind::kAbsent ||
                       (now->mode == after.mode && now->uid == after.uid && now->gid == after.gid));
    if (!same) {
      return make_error(ErrorCode::kConflict,
                        "'{}' changed after remediation '{}' left it; nothing was rolled back",
                        path, change_id);
    }
  }
  return ok();
}

}  // namespace

Expected<RemediationRollback> roll_back_remediation(store::Store& store,
                                                    const std::string& change_id) {
  store::Database& db = store.database();
  auto change = find_remediation_change(db, change_id);
  if (!change) return change.error();
  if (!change->has_value()) {
    return make_error(ErrorCode::kNotFound, "no remediation '{}' in '{}'", change_id, db.path());
  }
  if ((*change)->state == "rolled-back") {
    return make_error(ErrorCode::kConflict, "remediation '{}' is already rolled back", change_id);
  }
  auto fixes = remediation_fixes(db, change_id);
  if (!fixes) return fixes.error();
  auto root = FileRoot::open((*change)->root);
  if (!root) return root.error();
  auto afters = last_afters(db, *fixes);
  if (!afters) return afters.error();
  if (auto unchanged = check_unchanged_since(*root, *afters, change_id); !unchanged) {
    return unchanged.error();
  }
  RemediationRollback result{change_id, (*change)->root, {}};
  Status restored = ok();
  for (auto it = fixes->rbegin(); it != fixes->rend() && restored; ++it) {
    auto befores = fix_befores(db, *it);
    if (!befores) return befores.error();
    restored = apply_states(*root, std::move(*befores), &result.restored);
  }
  auto transaction = store::Transaction::begin(db);
  if (!transaction) return transaction.error();
  store::JournalChange entry;
  entry.actor = store::current_actor("patchplan");
  entry.host = (*change)->host;
  entry.action = restored ? "harden.rollback" : "harden.rollback.failed";
  entry.reason = "rollback " + change_id;
  nlohmann::json details{{"change_id", change_id}, {"restored", result.restored}};
  if (!restored) details["error"] = restored.error().message;
  entry.details = details.dump();
  if (auto appended = store.journal().append(entry); !appended) return appended.error();
  if (restored) {
    if (auto state = set_remediation_state(db, change_id, "rolled-back"); !state) {
      return state.error();
    }
  }
  if (auto committed = transaction->commit(); !committed) return committed.error();
  if (!restored) return restored.error().context(fmt::format("rollback of '{}'", change_id));
  return result;
}

}  // namespace patchplan::harden
