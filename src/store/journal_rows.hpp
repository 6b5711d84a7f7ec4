// Reading journal rows back into JournalEntry values (internal to the store).
#pragma once

#include <string_view>

#include "common/expected.hpp"
#include "store/database.hpp"
#include "store/journal_entry.hpp"
#include "store/statement.hpp"

namespace patchplan::store::detail {

// The journal's columns in the order read_journal_entry expects them.
inline constexpr std::string_view kJournalColumns =
    "id, time, actor_user, actor_uid, actor_tool, host, action, reason, before_digest, "
    "after_digest, details, prev_hash, hash";

// The entry in the current row of `row`, which selected kJournalColumns. A time that is
// not in the journal's format is kInvalidInput naming the entry.
Expected<JournalEntry> read_journal_entry(const Statement& row);

// The highest journal id ever inserted, as SQLite keeps it for AUTOINCREMENT (0 if none).
Expected<std::int64_t> journal_sequence(Database& db);

}  // namespace patchplan::store::detail
