// Journal: the append-only, hash-chained record of every change patchplan makes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "store/database.hpp"
#include "store/journal_entry.hpp"
#include "store/timestamp.hpp"

namespace patchplan::store {

// What verify() found wrong at the first broken place of the chain.
enum class ChainProblem {
  kEntryMissing,      // an id is skipped: an entry was removed (or the ids renumbered)
  kLinkBroken,        // prev_hash is not the hash of the entry before: removed or reordered
  kHashMismatch,      // the stored hash is not the hash of the fields: the entry was edited
  kMalformedEntry,    // a field cannot be read back (time not in the journal's format)
  kTailRemoved,       // entries after the last one were removed (sqlite_sequence is higher)
  kSequenceMismatch,  // sqlite_sequence is lower than the last id: it was edited
};

struct ChainBreak {
  std::int64_t entry_id = 0;  // the first id at fault: an entry, or a missing or uncounted id
  ChainProblem problem = ChainProblem::kHashMismatch;
  std::string message;  // one line, e.g. "journal entry 7: hash does not match its fields"
};

// The result of walking the chain: entries 1 to `head_id` verified, `head_hash` is the
// hash of entry head_id (kGenesisHash for none). Recording the head outside the database
// lets a later verify show a rewrite of the whole chain, which no check inside one file can.
struct ChainVerification {
  std::int64_t head_id = 0;
  std::string head_hash{kGenesisHash};
  std::optional<ChainBreak> first_break;

  [[nodiscard]] bool intact() const { return !first_break; }
};

// Selects entries for `patchplan journal`; unset members do not filter.
struct JournalFilter {
  std::optional<std::string> host;
  std::optional<Timestamp> since;     // entries with time >= since
  std::optional<std::int64_t> limit;  // the most recent `limit` matching entries
};

class Journal {
 public:
  // Works on `db`, which must outlive the Journal; `clock` stamps appended entries.
  Journal(Database& db, Clock clock) : db_(&db), clock_(std::move(clock)) {}

  // Validates `change` (action of [a-z0-9._-], user and tool non-empty, digests "" or
  // SHA-256 hex, details JSON: else kInvalidInput) and appends it as the new head of the
  // chain. Runs in the caller's open transaction (as a savepoint) or in its own BEGIN
  // IMMEDIATE one, so concurrent appenders serialise on the write lock and each links to
  // the head it read; UNIQUE(prev_hash) makes a fork fail rather than land.
  Expected<JournalEntry> append(const JournalChange& change);

  // Walks every entry in id order and reports the first one that breaks the chain.
  // Errors only for a database that cannot be read; a broken chain is a result.
  Expected<ChainVerification> verify();

  // The entries that match `filter`, oldest first.
  Expected<std::vector<JournalEntry>> list(const JournalFilter& filter);

 private:
  Database* db_;
  Clock clock_;
};

}  // namespace patchplan::store
