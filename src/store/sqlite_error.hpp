// The Error for a failed SQLite call, naming the database file (internal to the store).
#pragma once

#include "common/expected.hpp"

struct sqlite3;

namespace patchplan::store::detail {

// "database 'PATH': MESSAGE" from connection `db`'s last error. The code follows SQLite's
// primary result code `rc`: busy/locked/constraint -> kConflict, not a database/corrupt ->
// kInvalidInput, I/O, permission, full disk, read-only, cannot open -> kIo, else kInternal.
Error sqlite_error(sqlite3* db, int rc);

}  // namespace patchplan::store::detail
