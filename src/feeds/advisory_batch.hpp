// Advisory rows inserted many per statement: a large feed import spends most of its time in
// SQLite's per-statement work (cursors, statement journal), which a 64-row INSERT shares.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "feeds/advisory.hpp"
#include "store/database.hpp"

struct sqlite3_stmt;

namespace patchplan::feeds::detail {

class AdvisoryBatch {
 public:
  // Rows go to feed `feed_id` of `db`, which must outlive the batch.
  AdvisoryBatch(store::Database& db, std::int64_t feed_id) : db_(&db), feed_id_(feed_id) {}
  AdvisoryBatch(AdvisoryBatch&& other) noexcept;
  AdvisoryBatch& operator=(AdvisoryBatch&&) = delete;
  AdvisoryBatch(const AdvisoryBatch&) = delete;
  AdvisoryBatch& operator=(const AdvisoryBatch&) = delete;
  ~AdvisoryBatch();

  // Queues a copy of `advisory`; a full batch is written at once. `ordinal` numbers the
  // record within its feed.
  Status add(const SourceAdvisory& advisory, std::int64_t ordinal);

  // Writes what is queued.
  Status flush();

  static constexpr std::size_t kRows = 64;

 private:
  struct Row {
    SourceAdvisory advisory;
    std::string aliases;
    std::string score;
    std::int64_t ordinal = 0;
  };

  Status write(std::size_t count, sqlite3_stmt*& statement);

  store::Database* db_;
  std::int64_t feed_id_;
  std::vector<Row> rows_;
  std::size_t used_ = 0;
  sqlite3_stmt* full_ = nullptr;    // the kRows-row statement
  sqlite3_stmt* single_ = nullptr;  // one row, for the rest at the end
};

}  // namespace patchplan::feeds::detail
