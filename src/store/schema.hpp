// The store's versioned schema and its migrations (PRAGMA user_version).
#pragma once

#include "common/expected.hpp"
#include "store/database.hpp"

namespace patchplan::store {

// The schema version this build writes: the number of migration steps it knows.
extern const int kSchemaVersion;

// The schema version recorded in the database (0 for a new, empty file). A file that is
// not SQLite fails here with kInvalidInput.
Expected<int> schema_version(Database& db);

// The kConflict error for a database whose schema `version` is newer than kSchemaVersion.
Error newer_schema_error(const Database& db, int version);

// Brings the schema to `target` (<= kSchemaVersion) by running the missing steps in one
// IMMEDIATE transaction: either every step and the new user_version land, or none. A
// database newer than kSchemaVersion is refused with kConflict and left unchanged.
Status migrate(Database& db, int target = kSchemaVersion);

}  // namespace patchplan::store
