// Mapping of SQLite result codes and messages to patchplan Errors.
#include "store/sqlite_error.hpp"

#include <sqlite3.h>

namespace patchplan::store::detail {
namespace {

ErrorCode code_for(int rc) {
  switch (rc & 0xff) {  // the primary result code of an extended one
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CONSTRAINT:
      return ErrorCode::kConflict;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_FORMAT:
      return ErrorCode::kInvalidInput;
    case SQLITE_IOERR:
    case SQLITE_PERM:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      return ErrorCode::kIo;
    default:
      return ErrorCode::kInternal;
  }
}

}  // namespace

Error sqlite_error(sqlite3* db, int rc) {
  const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return make_error(code_for(rc), "database '{}': {}", file != nullptr ? file : "", message);
}

}  // namespace patchplan::store::detail
