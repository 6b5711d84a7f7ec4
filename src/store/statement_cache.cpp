// The statement cache: keyed by sqlite3_sql(), the text the statement was compiled from.
#include "store/statement_cache.hpp"

#include <sqlite3.h>

namespace patchplan::store::detail {

StatementCache::~StatementCache() {
  for (auto& [sql, stmt] : kept_) sqlite3_finalize(stmt);
}

sqlite3_stmt* StatementCache::take(const std::string& sql) {
  auto it = kept_.find(sql);
  if (it == kept_.end()) return nullptr;
  sqlite3_stmt* stmt = it->second;
  kept_.erase(it);
  return stmt;
}

void StatementCache::give_back(sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  auto [it, added] = kept_.try_emplace(sqlite3_sql(stmt), stmt);
  if (!added) sqlite3_finalize(stmt);
}

}  // namespace patchplan::store::detail
