// PlanRecords: the stored plans (issue 5), their versions per month and their approvals.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "store/database.hpp"
#include "store/journal.hpp"

namespace patchplan::store {

struct PlanApproval {
  std::int64_t journal_id = 0;
  std::string approved_at;  // the journal entry's time
  std::string approved_by;  // the journal entry's user
};

struct StoredPlan {
  std::int64_t id = 0;
  std::string period;        // "2026-12": the month the plan starts in
  std::int64_t version = 0;  // 1, 2, ... per period
  Timestamp created_at;
  std::string from;
  std::string until;
  std::string document;  // the plan JSON, compact (empty as returned by a streamed record)
  std::string digest;    // SHA-256 hex of the document's text
  std::vector<PlanApproval> approvals;
};

class PlanRecords {
 public:
  // Works on `db` (which must outlive this), journaling as `actor`; `clock` stamps plans.
  PlanRecords(Database& db, Journal journal, Actor actor, Clock clock)
      : db_(&db),
        journal_(std::move(journal)),
        actor_(std::move(actor)),
        clock_(std::move(clock)) {}

  // Writes a document a piece at a time: `write(sink)` calls sink with consecutive pieces.
  using DocumentWriter = std::function<void(const std::function<void(std::string_view)>& sink)>;

  // Stores the document `write` produces (the plan's compact JSON object, kept byte for
  // byte: the caller's writer made it, so it is not parsed again; zstd-compressed as it is
  // written, so the whole text is never held) covering [`from`, `until`) (ISO UTC times,
  // "2026-12-04T10:00Z") as the next version of the month `from` falls in, with a
  // "plan.create" journal entry (after digest = the document's), in one transaction. The
  // returned record's `document` is empty.
  Expected<StoredPlan> record_plan(const DocumentWriter& write, std::string_view from,
                                   std::string_view until, std::string_view reason = "");

  // The same for a document given whole; the returned record carries it.
  Expected<StoredPlan> record_plan(std::string document, std::string_view from,
                                   std::string_view until, std::string_view reason = "");

  // The plan with `id`, with its approvals and its document (decompressed; kInvalidInput
  // when the stored frame is corrupt or truncated); kNotFound if there is none.
  Expected<StoredPlan> find(std::int64_t id);

  // Records an approval of plan `id`: a "plan.approve" journal entry (who and when, the
  // plan's digest) and its row, in one transaction. kNotFound for an unknown id.
  Expected<PlanApproval> approve(std::int64_t id, std::string_view reason = "");

 private:
  Database* db_;
  Journal journal_;
  Actor actor_;
  Clock clock_;
};

}  // namespace patchplan::store
