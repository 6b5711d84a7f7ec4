// Store: patchplan's SQLite state (journal, host assessments), opened and migrated.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "common/expected.hpp"
#include "store/assessment_history.hpp"
#include "store/database.hpp"
#include "store/journal.hpp"
#include "store/timestamp.hpp"

namespace patchplan::store {

struct StoreOptions {
  Actor actor;  // who journals; a user left empty means current_actor("patchplan")
  Clock clock;  // stamps journal entries; empty means system_now
  std::chrono::milliseconds busy_timeout{10'000};  // wait for another writer's lock
};

class Store {
 public:
  // Opens the database at `path`, creating missing parent directories (mode 0700) and the
  // file (mode 0600, which SQLite gives its -wal and -shm files too, whatever the umask),
  // in WAL mode with foreign keys on, and migrates it to kSchemaVersion. A file that is
  // not SQLite is kInvalidInput; a newer schema is kConflict and leaves the file as it was.
  static Expected<Store> open(const std::string& path, StoreOptions options = {});

  [[nodiscard]] const std::string& path() const { return db_->path(); }
  Database& database() { return *db_; }
  Journal& journal() { return journal_; }
  AssessmentHistory& assessments() { return assessments_; }

 private:
  Store(std::unique_ptr<Database> db, const StoreOptions& options);

  std::unique_ptr<Database> db_;  // on the heap: journal_ and assessments_ point to it
  Journal journal_;
  AssessmentHistory assessments_;
};

}  // namespace patchplan::store
