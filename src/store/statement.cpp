// The compiled-statement wrapper: binding, stepping, reading columns.
#include "store/statement.hpp"

#include <sqlite3.h>

#include <utility>

#include "store/sqlite_error.hpp"
#include "store/statement_cache.hpp"

namespace patchplan::store {

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), cache_(std::exchange(other.cache_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    release();
    stmt_ = std::exchange(other.stmt_, nullptr);
    cache_ = std::exchange(other.cache_, nullptr);
  }
  return *this;
}

Statement::~Statement() { release(); }

void Statement::release() {
  if (stmt_ == nullptr) return;
  if (cache_ != nullptr) {
    cache_->give_back(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
}

Expected<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error error = detail::sqlite_error(sqlite3_db_handle(stmt_), rc);
  sqlite3_reset(stmt_);
  return error;
}

Status Statement::run() {
  auto row = step();
  reset();
  if (!row) return row.error();
  return ok();
}

std::int64_t Statement::column_int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::column_text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  return text != nullptr ? std::string(text, static_cast<std::size_t>(size)) : std::string();
}

std::string Statement::column_blob(int column) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  return bytes != nullptr ? std::string(bytes, static_cast<std::size_t>(size)) : std::string();
}

bool Statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

void Statement::reset() { sqlite3_reset(stmt_); }

Status Statement::bind_one(int index, std::string_view value) {
  // A null data pointer would bind SQL NULL; an empty value must bind as ''.
  const char* data = value.data() != nullptr ? value.data() : "";
  return check_bind(
      sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

Status Statement::bind_one(int index, std::int64_t value) {
  return check_bind(sqlite3_bind_int64(stmt_, index, value));
}

Status Statement::bind_one(int index, const std::optional<std::string>& value) {
  if (value) return bind_one(index, std::string_view(*value));
  return check_bind(sqlite3_bind_null(stmt_, index));
}

Status Statement::check_bind(int rc) {
  if (rc != SQLITE_OK) return detail::sqlite_error(sqlite3_db_handle(stmt_), rc);
  return ok();
}

}  // namespace patchplan::store
