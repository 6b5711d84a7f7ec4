// Appending to the change journal and listing its entries.
#include "store/journal.hpp"

#include <nlohmann/json.hpp>

#include "store/journal_rows.hpp"
#include "store/sha256.hpp"
#include "store/transaction.hpp"

namespace patchplan::store {
namespace {

bool is_action(std::string_view action) {
  if (action.empty()) return false;
  for (char c : action) {
    const bool allowed =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!allowed) return false;
  }
  return true;
}

Status check_digest(std::string_view name, std::string_view digest) {
  if (digest.empty() || is_sha256_hex(digest)) return ok();
  return make_error(ErrorCode::kInvalidInput,
                    "journal entry {} '{}' is not a lowercase SHA-256 hex digest", name, digest);
}

// Checks `change` and returns it with details in compact JSON form.
Expected<JournalChange> normalized(const JournalChange& change) {
  if (!is_action(change.action)) {
    return make_error(ErrorCode::kInvalidInput,
                      "journal entry action '{}' is not a dotted verb of [a-z0-9._-]",
                      change.action);
  }
  if (change.actor.user.empty() || change.actor.tool.empty()) {
    return make_error(ErrorCode::kInvalidInput, "journal entry '{}' has no actor user or tool",
                      change.action);
  }
  if (auto status = check_digest("before digest", change.before_digest); !status)
    return status.error();
  if (auto status = check_digest("after digest", change.after_digest); !status)
    return status.error();
  const auto details = nlohmann::json::parse(change.details, nullptr, false);
  if (details.is_discarded()) {
    constexpr std::size_t kShown = 80;  // enough to recognise the text, not all of it
    return make_error(ErrorCode::kInvalidInput, "journal entry '{}' details are not JSON: '{}{}'",
                      change.action, change.details.substr(0, kShown),
                      change.details.size() > kShown ? "..." : "");
  }
  JournalChange result = change;
  result.details = details.dump();
  return result;
}

// The prev_hash and id of the entry to append, read inside the write transaction. The id
// continues sqlite_sequence, not max(id): after a removed tail the gap stays visible.
Expected<JournalEntry> next_link(Database& db) {
  auto head = db.prepare_cached("SELECT hash FROM journal ORDER BY id DESC LIMIT 1");
  if (!head) return head.error();
  auto row = head->step();
  if (!row) return row.error();
  JournalEntry entry;
  entry.prev_hash = *row ? head->column_text(0) : std::string(kGenesisHash);
  auto last_id = detail::journal_sequence(db);
  if (!last_id) return last_id.error();
  entry.id = *last_id + 1;
  return entry;
}

Status insert_entry(Database& db, const JournalEntry& entry) {
  const JournalChange& c = entry.change;
  static const std::string kInsert =
      fmt::format("INSERT INTO journal ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  detail::kJournalColumns);
  auto insert = db.prepare_cached(kInsert);
  if (!insert) return insert.error();
  if (auto status = insert->bind(entry.id, format_timestamp(entry.time), c.actor.user, c.actor.uid,
                                 c.actor.tool, c.host, c.action, c.reason, c.before_digest,
                                 c.after_digest, c.details, entry.prev_hash, entry.hash);
      !status) {
    return status;
  }
  return insert->run();
}

}  // namespace

Expected<JournalEntry> Journal::append(const JournalChange& change) {
  auto checked = normalized(change);
  if (!checked) return checked.error();
  auto transaction = Transaction::begin(*db_, Transaction::Mode::kImmediate);
  if (!transaction) return transaction.error().context("cannot append to the journal");
  auto entry = next_link(*db_);
  if (!entry) return entry.error().context("cannot append to the journal");

  entry->time = clock_();
  entry->change = std::move(*checked);
  entry->hash = journal_entry_hash(*entry);
  auto status = insert_entry(*db_, *entry);
  if (status) status = transaction->commit();
  if (!status) {
    return status.error().context(fmt::format("cannot append '{}' to the journal", change.action));
  }
  return std::move(*entry);
}

Expected<std::vector<JournalEntry>> Journal::list(const JournalFilter& filter) {
  // The newest `limit` matches are selected by id descending, then returned oldest first.
  std::string where = "WHERE 1";
  if (filter.host) where += " AND host = ?1";
  if (filter.since) where += " AND time >= ?2";
  auto query = db_->prepare(fmt::format(
      "SELECT * FROM (SELECT {0} FROM journal {1} ORDER BY id DESC LIMIT ?3) ORDER BY id",
      detail::kJournalColumns, where));
  if (!query) return query.error().context("cannot list the journal");
  const std::optional<std::string> since =
      filter.since ? std::optional(format_timestamp(*filter.since)) : std::nullopt;
  if (auto status = query->bind(filter.host, since, filter.limit.value_or(-1)); !status) {
    return status.error().context("cannot list the journal");
  }

  std::vector<JournalEntry> entries;
  for (;;) {
    auto row = query->step();
    if (!row) return row.error().context("cannot list the journal");
    if (!*row) break;
    auto entry = detail::read_journal_entry(*query);
    if (!entry) return entry.error();
    entries.push_back(std::move(*entry));
  }
  return entries;
}

}  // namespace patchplan::store
