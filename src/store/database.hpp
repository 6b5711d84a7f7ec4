// Database: one owned SQLite connection, with errors that name the database file.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "common/expected.hpp"
#include "store/statement.hpp"
#include "store/statement_cache.hpp"

struct sqlite3;

namespace patchplan::store {

class Database {
 public:
  // Opens the existing or new SQLite database file `path` read-write, with extended result
  // codes and the given busy timeout: how long a statement waits for another connection's
  // lock before failing with kConflict. Nothing is read yet: a file that is not SQLite
  // shows on the first statement.
  static Expected<Database> open(const std::string& path, std::chrono::milliseconds busy_timeout);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  [[nodiscard]] const std::string& path() const { return path_; }

  // Runs one or more SQL statements that return no rows.
  Status exec(std::string_view sql);

  // Compiles one SQL statement; the Statement must not outlive this Database.
  Expected<Statement> prepare(std::string_view sql);

  // Like prepare, but the compiled statement is kept when the Statement ends and reused by
  // the next call with the same SQL: for statements run again and again (the journal's).
  Expected<Statement> prepare_cached(const std::string& sql);

  // The value of a single-row, single-column query such as "PRAGMA user_version".
  Expected<std::int64_t> query_int(std::string_view sql);
  Expected<std::string> query_text(std::string_view sql);

  // True while a transaction is open on this connection (SQLite's autocommit is off).
  [[nodiscard]] bool in_transaction() const;

  [[nodiscard]] std::int64_t last_insert_rowid() const;

  // The connection's last error as "database 'PATH': MESSAGE", coded from result code `rc`
  // (see detail::sqlite_error).
  [[nodiscard]] Error error(int rc) const;

  [[nodiscard]] sqlite3* handle() const { return db_; }

 private:
  struct BusyWait;  // state of the busy handler, on the heap so that moves keep it in place

  Database(std::string path, sqlite3* db, std::unique_ptr<BusyWait> busy_wait);
  Expected<Statement> query_row(std::string_view sql);  // prepared and stepped to its first row

  std::string path_;
  sqlite3* db_ = nullptr;
  std::unique_ptr<BusyWait> busy_wait_;
  // On the heap so that moves keep it in place for the Statements that point to it;
  // emptied before the connection closes (~Database).
  std::unique_ptr<detail::StatementCache> cache_;
};

}  // namespace patchplan::store
