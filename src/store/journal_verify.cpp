// Verification of the journal's hash chain, entry by entry in id order.
//
// What is checked, and why it is enough inside one file: each entry's hash covers all its
// fields, its id and the previous entry's hash. So an edited field breaks that entry's
// hash; a removed or moved entry breaks the next entry's prev_hash or leaves a gap in the
// ids (which start at 1 and, with AUTOINCREMENT, are never reused). The one removal no
// link can show is of the last entries: for that the walk's last id is compared with
// sqlite_sequence, where SQLite keeps the highest id ever inserted into an AUTOINCREMENT
// table (https://sqlite.org/autoinc.html) and which a DELETE does not lower.
//
// Limits: the hash is not keyed. Someone who can write the file can rewrite the whole
// chain from some entry on, and sqlite_sequence with it; only a head (id, hash) recorded
// outside the database shows that. The triggers forbidding UPDATE and DELETE are a guard
// against mistakes, not part of this check: they can be dropped.
#include "store/journal.hpp"
#include "store/journal_rows.hpp"
#include "store/transaction.hpp"

namespace patchplan::store {
namespace {

// The first problem of `entry`, expected to be entry `expected_id` following `prev_hash`.
std::optional<ChainBreak> check_entry(const Expected<JournalEntry>& entry, std::int64_t row_id,
                                      std::int64_t expected_id, const std::string& prev_hash) {
  if (row_id != expected_id) {
    return ChainBreak{
        expected_id, ChainProblem::kEntryMissing,
        fmt::format("journal entry {} is missing (the next entry is {})", expected_id, row_id)};
  }
  if (!entry) {
    return ChainBreak{row_id, ChainProblem::kMalformedEntry, entry.error().message};
  }
  if (entry->prev_hash != prev_hash) {
    return ChainBreak{row_id, ChainProblem::kLinkBroken,
                      fmt::format("journal entry {} does not link to entry {}: an entry was "
                                  "removed, reordered or rewritten",
                                  row_id, row_id - 1)};
  }
  if (journal_entry_hash(*entry) != entry->hash) {
    return ChainBreak{row_id, ChainProblem::kHashMismatch,
                      fmt::format("journal entry {}: the hash does not match its fields: the "
                                  "entry was edited",
                                  row_id)};
  }
  return std::nullopt;
}

// The tail check: sqlite_sequence must equal the last id seen.
std::optional<ChainBreak> check_tail(std::int64_t last_id, std::int64_t sequence) {
  if (sequence > last_id) {
    return ChainBreak{
        last_id + 1, ChainProblem::kTailRemoved,
        fmt::format("journal entries {} to {} were removed from the end", last_id + 1, sequence)};
  }
  if (sequence < last_id) {
    return ChainBreak{sequence + 1, ChainProblem::kSequenceMismatch,
                      fmt::format("the journal's sqlite_sequence ({}) is below its last entry "
                                  "({}): it was edited",
                                  sequence, last_id)};
  }
  return std::nullopt;
}

}  // namespace

Expected<ChainVerification> Journal::verify() {
  // One read transaction: the walk and the sequence read see the same state.
  auto transaction = Transaction::begin(*db_, Transaction::Mode::kDeferred);
  if (!transaction) return transaction.error().context("cannot verify the journal");
  auto rows =
      db_->prepare(fmt::format("SELECT {} FROM journal ORDER BY id", detail::kJournalColumns));
  if (!rows) return rows.error().context("cannot verify the journal");

  ChainVerification result;
  for (;;) {
    auto row = rows->step();
    if (!row) return row.error().context("cannot verify the journal");
    if (!*row) break;
    const auto entry = detail::read_journal_entry(*rows);
    result.first_break =
        check_entry(entry, rows->column_int(0), result.head_id + 1, result.head_hash);
    if (result.first_break) return result;
    result.head_id = entry->id;
    result.head_hash = entry->hash;
  }

  auto sequence = detail::journal_sequence(*db_);
  if (!sequence) return sequence.error().context("cannot verify the journal");
  result.first_break = check_tail(result.head_id, *sequence);
  return result;
}

}  // namespace patchplan::store
