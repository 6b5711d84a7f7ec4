// Conversion of a journal row into a JournalEntry.
#include "store/journal_rows.hpp"

namespace patchplan::store::detail {

Expected<JournalEntry> read_journal_entry(const Statement& row) {
  JournalEntry entry;
  entry.id = row.column_int(0);
  auto time = parse_timestamp(row.column_text(1));
  if (!time) return time.error().context(fmt::format("journal entry {}", entry.id));
  entry.time = *time;
  JournalChange& change = entry.change;
  change.actor.user = row.column_text(2);
  change.actor.uid = row.column_int(3);
  change.actor.tool = row.column_text(4);
  change.host = row.column_text(5);
  change.action = row.column_text(6);
  change.reason = row.column_text(7);
  change.before_digest = row.column_text(8);
  change.after_digest = row.column_text(9);
  change.details = row.column_text(10);
  entry.prev_hash = row.column_text(11);
  entry.hash = row.column_text(12);
  return entry;
}

Expected<std::int64_t> journal_sequence(Database& db) {
  auto select = db.prepare_cached(
      "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0)");
  if (!select) return select.error();
  auto row = select->step();
  if (!row) return row.error();
  return *row ? select->column_int(0) : 0;
}

}  // namespace patchplan::store::detail
