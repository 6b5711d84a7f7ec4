// Transaction: RAII scope of a SQLite transaction, rolled back unless committed.
#pragma once

#include "common/expected.hpp"
#include "store/database.hpp"

namespace patchplan::store {

class Transaction {
 public:
  enum class Mode {
    kDeferred,   // locks on first access; for reads
    kImmediate,  // takes the write lock at once, waiting up to the busy timeout
  };

  // Begins a transaction on `db`, or, when the caller already has one open, a savepoint
  // inside it, so this scope's writes are undone together if it is not committed while
  // the caller's transaction goes on. A caller's transaction that is meant to write should
  // be kImmediate: a deferred one that has read may fail with kConflict on its first write.
  static Expected<Transaction> begin(Database& db, Mode mode = Mode::kImmediate);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Rolls back (to the savepoint, if nested) unless commit() succeeded.
  ~Transaction();

  // Commits the transaction, or releases the savepoint into the caller's transaction.
  Status commit();

 private:
  Transaction(Database* db, bool nested) : db_(db), nested_(nested) {}

  Database* db_;  // null once committed or moved from
  bool nested_;
};

}  // namespace patchplan::store
