// Transactions and nested savepoints over one SQLite connection.
#include "store/transaction.hpp"

#include <utility>

namespace patchplan::store {
namespace {

// One name serves every level: SQLite stacks savepoints and ROLLBACK TO / RELEASE act on
// the innermost one of that name (https://sqlite.org/lang_savepoint.html).
constexpr std::string_view kSavepoint = "patchplan_scope";

}  // namespace

Expected<Transaction> Transaction::begin(Database& db, Mode mode) {
  if (db.in_transaction()) {
    if (auto status = db.exec(fmt::format("SAVEPOINT {}", kSavepoint)); !status) {
      return status.error();
    }
    return Transaction(&db, true);
  }
  const std::string_view sql = mode == Mode::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED";
  if (auto status = db.exec(sql); !status) return status.error();
  return Transaction(&db, false);
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), nested_(other.nested_) {}

Transaction::~Transaction() {
  if (db_ == nullptr || !db_->in_transaction()) return;  // SQLite may have rolled back itself
  if (nested_) {
    static_cast<void>(db_->exec(fmt::format("ROLLBACK TO {0}; RELEASE {0}", kSavepoint)));
  } else {
    static_cast<void>(db_->exec("ROLLBACK"));
  }
}

Status Transaction::commit() {
  if (db_ == nullptr) {
    return make_error(ErrorCode::kInternal, "transaction committed twice or after a move");
  }
  auto status = nested_ ? db_->exec(fmt::format("RELEASE {}", kSavepoint)) : db_->exec("COMMIT");
  if (status) db_ = nullptr;
  return status;
}

}  // namespace patchplan::store
