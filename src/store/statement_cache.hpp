// StatementCache: compiled statements of one connection kept for reuse by their SQL text,
// so that the statements run for every journal entry are compiled once per connection.
#pragma once

#include <string>
#include <unordered_map>

struct sqlite3_stmt;

namespace patchplan::store::detail {

class StatementCache {
 public:
  StatementCache() = default;
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  ~StatementCache();  // finalizes what it holds (the connection cannot close before)

  // A kept statement for `sql`, taken out of the cache (so that two users never share
  // one); nullptr when none is kept.
  sqlite3_stmt* take(const std::string& sql);

  // Takes a statement back, reset and with its bindings cleared; a second one for the
  // same SQL is finalized.
  void give_back(sqlite3_stmt* stmt);

 private:
  std::unordered_map<std::string, sqlite3_stmt*> kept_;
};

}  // namespace patchplan::store::detail
