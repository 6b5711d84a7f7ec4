// Statement: one compiled SQLite statement, with parameter binding and column reading.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/expected.hpp"

struct sqlite3_stmt;

namespace patchplan::store::detail {
class StatementCache;
}

namespace patchplan::store {

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Resets the statement and binds `values` to parameters 1..N in order. A value is text
  // (std::string_view), an integer, a bool (0/1) or std::nullopt-able text (NULL).
  template <typename... Values>
  Status bind(const Values&... values) {
    reset();
    [[maybe_unused]] int index = 0;
    Status status = ok();
    static_cast<void>(((status = bind_one(++index, values), status.has_value()) && ...));
    return status;
  }

  // Advances to the next row: true when a row is available, false when done.
  Expected<bool> step();

  // Steps a statement that returns no rows (INSERT, UPDATE, ...) to completion.
  Status run();

  // Columns of the current row, 0-based. NULL reads as "" or 0.
  [[nodiscard]] std::int64_t column_int(int column) const;
  [[nodiscard]] std::string column_text(int column) const;
  [[nodiscard]] std::string column_blob(int column) const;  // the bytes as stored
  [[nodiscard]] bool column_is_null(int column) const;

  // Makes the statement ready to run again and releases its read lock; bindings stay.
  void reset();

 private:
  friend class Database;
  explicit Statement(sqlite3_stmt* stmt, detail::StatementCache* cache = nullptr)
      : stmt_(stmt), cache_(cache) {}

  Status bind_one(int index, std::string_view value);
  Status bind_one(int index, const std::string& value) {
    return bind_one(index, std::string_view(value));
  }
  Status bind_one(int index, const char* value) { return bind_one(index, std::string_view(value)); }
  Status bind_one(int index, std::int64_t value);
  Status bind_one(int index, int value) { return bind_one(index, std::int64_t{value}); }
  Status bind_one(int index, bool value) { return bind_one(index, std::int64_t{value ? 1 : 0}); }
  Status bind_one(int index, const std::optional<std::string>& value);
  Status check_bind(int rc);
  void release();  // finalizes the statement, or gives it back to its cache

  sqlite3_stmt* stmt_ = nullptr;
  detail::StatementCache* cache_ = nullptr;  // where it goes back to, when it came from one
};

}  // namespace patchplan::store
