// AssessmentHistory: the snapshots of `patchplan assess`, per host, oldest to newest.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "store/assessment_snapshot.hpp"
#include "store/database.hpp"
#include "store/journal.hpp"

namespace patchplan::store {

// What record_assessment wrote.
struct RecordedAssessment {
  std::int64_t snapshot_id = 0;
  JournalEntry journal_entry;
};

class AssessmentHistory {
 public:
  // Works on `db` (which must outlive this) and journals as `actor` through `journal`.
  AssessmentHistory(Database& db, Journal journal, Actor actor)
      : db_(&db), journal_(std::move(journal)), actor_(std::move(actor)) {}

  // Stores a snapshot of `host` and its journal entry ("assess", before digest = the
  // previous snapshot's, after digest = this one's) in one transaction: both or neither.
  // `json_document` must be a JSON object with an integer "schema_version" >= 1; it is
  // stored compact and its digest taken over that form. Snapshots of a host go forward in
  // time: a `taken_at` before the latest snapshot's is refused (kConflict), so id order is
  // time order. Each (package, architecture) at most once in `pending`.
  Expected<RecordedAssessment> record_assessment(std::string_view host, Timestamp taken_at,
                                                 std::string_view json_document,
                                                 const std::vector<PendingUpdate>& pending,
                                                 std::string_view reason = "");

  // The newest snapshot of `host`, with its pending updates; std::nullopt if it has none.
  Expected<std::optional<AssessmentSnapshot>> latest_assessment(std::string_view host);

  // The newest snapshot of every host, host names in order, handed to `each` one at a time
  // (without pending rows: the document has them), in one read transaction and one query;
  // the first error `each` returns stops the walk and is returned.
  Status each_latest_assessment(
      const std::function<Status(const AssessmentSnapshot& snapshot)>& each);

  // The newest snapshot of `host` older than snapshot `before_id`; std::nullopt if none.
  Expected<std::optional<AssessmentSnapshot>> previous_assessment(std::string_view host,
                                                                  std::int64_t before_id);

  // Since when `package`/`architecture` has been pending from `installed_version` on
  // `host`: the taken_at of the earliest snapshot of the unbroken run of snapshots, ending
  // with the host's latest, that all list it. std::nullopt if the latest snapshot does
  // not list it: called before recording a new assessment, that means "first seen now".
  Expected<std::optional<Timestamp>> pending_since(std::string_view host, std::string_view package,
                                                   std::string_view architecture,
                                                   std::string_view installed_version);

  // pending_since for every update of the latest snapshot at once, reading each older
  // snapshot once (one query per snapshot, newest first, until every run has ended).
  Expected<std::map<PendingKey, Timestamp>> pending_since_all(std::string_view host);

 private:
  Expected<std::optional<AssessmentSnapshot>> load_snapshot(std::string_view host,
                                                            std::int64_t before_id);

  Database* db_;
  Journal journal_;
  Actor actor_;
};

}  // namespace patchplan::store
