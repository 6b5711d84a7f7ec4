// The SQLite connection wrapper: open, exec, prepare, single-value queries.
#include "store/database.hpp"

#include <sqlite3.h>

#include <thread>
#include <utility>

#include "store/sqlite_error.hpp"

namespace patchplan::store {

// SQLite's own busy timeout sleeps ever longer between tries, up to 100 ms, so a waiting
// writer rarely finds the lock free between the transactions of a busy one and can starve.
// This handler tries again every quarter of a millisecond until the timeout has passed
// (measured: two processes appending 500 entries each then interleave hundreds of times).
struct Database::BusyWait {
  std::chrono::milliseconds timeout;
  std::chrono::steady_clock::time_point started;

  static int handle(void* self, int tries) {
    auto* wait = static_cast<BusyWait*>(self);
    const auto now = std::chrono::steady_clock::now();
    if (tries == 0) wait->started = now;
    if (now - wait->started >= wait->timeout) return 0;
    std::this_thread::sleep_for(std::chrono::microseconds(250));
    return 1;
  }
};

Database::Database(std::string path, sqlite3* db, std::unique_ptr<BusyWait> busy_wait)
    : path_(std::move(path)),
      db_(db),
      busy_wait_(std::move(busy_wait)),
      cache_(std::make_unique<detail::StatementCache>()) {}

Expected<Database> Database::open(const std::string& path, std::chrono::milliseconds busy_timeout) {
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    Error error = make_error(ErrorCode::kIo, "cannot open database '{}': {}", path,
                             db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return error;
  }
  Database database(path, db, std::make_unique<BusyWait>(BusyWait{busy_timeout, {}}));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_handler(db, &BusyWait::handle, database.busy_wait_.get());
  return database;
}

Database::Database(Database&& other) noexcept
    : path_(std::move(other.path_)),
      db_(std::exchange(other.db_, nullptr)),
      busy_wait_(std::move(other.busy_wait_)),
      cache_(std::move(other.cache_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    cache_.reset();
    sqlite3_close(db_);
    path_ = std::move(other.path_);
    db_ = std::exchange(other.db_, nullptr);
    busy_wait_ = std::move(other.busy_wait_);
    cache_ = std::move(other.cache_);
  }
  return *this;
}

Database::~Database() {
  cache_.reset();  // a connection with statements left does not close
  sqlite3_close(db_);
}

Status Database::exec(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return error(rc);
  return ok();
}

Expected<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return error(rc);
  if (stmt == nullptr) {
    return make_error(ErrorCode::kInternal, "database '{}': no SQL statement in '{}'", path_, sql);
  }
  return Statement(stmt);
}

Expected<Statement> Database::prepare_cached(const std::string& sql) {
  if (sqlite3_stmt* kept = cache_ ? cache_->take(sql) : nullptr)
    return Statement(kept, cache_.get());
  auto statement = prepare(sql);
  if (!statement) return statement;
  statement->cache_ = cache_.get();
  return statement;
}

Expected<Statement> Database::query_row(std::string_view sql) {
  auto statement = prepare(sql);
  if (!statement) return statement.error();
  auto row = statement->step();
  if (!row) return row.error();
  if (!*row) return make_error(ErrorCode::kInternal, "database '{}': no row from '{}'", path_, sql);
  return std::move(*statement);
}

Expected<std::int64_t> Database::query_int(std::string_view sql) {
  auto row = query_row(sql);
  if (!row) return row.error();
  return row->column_int(0);
}

Expected<std::string> Database::query_text(std::string_view sql) {
  auto row = query_row(sql);
  if (!row) return row.error();
  return row->column_text(0);
}

bool Database::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

Error Database::error(int rc) const { return detail::sqlite_error(db_, rc); }

}  // namespace patchplan::store
