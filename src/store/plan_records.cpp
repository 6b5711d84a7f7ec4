// Storing, reading and approving plans.
#include "store/plan_records.hpp"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "store/compressed_text.hpp"
#include "store/sha256.hpp"
#include "store/sqlite_error.hpp"
#include "store/transaction.hpp"

namespace patchplan::store {
namespace {

Expected<std::vector<PlanApproval>> load_approvals(Database& db, std::int64_t id) {
  auto select = db.prepare(
      "SELECT journal_id, approved_at, approved_by FROM plan_approvals WHERE plan_id = ? "
      "ORDER BY journal_id");
  if (!select) return select.error();
  if (auto s = select->bind(id); !s) return s.error();
  std::vector<PlanApproval> out;
  for (;;) {
    auto row = select->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({select->column_int(0), select->column_text(1), select->column_text(2)});
  }
  return out;
}

// "YYYY-MM-DDTHH:MM" at least: the period is the first seven characters.
bool is_plan_time(std::string_view text) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd";
  if (text.size() < kShape.size()) return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return false;
  }
  return true;
}

// Inserts the plan row, its compressed document bound without a copy (SQLITE_STATIC: it
// outlives the statement); the text column stays empty for such rows.
Status insert_plan(sqlite3* db, const StoredPlan& plan, const std::string& created_at,
                   const std::string& frame) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db,
                              "INSERT INTO plans (period, version, created_at, plan_from, "
                              "plan_until, document, digest, document_zstd) "
                              "VALUES (?, ?, ?, ?, ?, '', ?, ?)",
                              -1, &stmt, nullptr);
  auto text = [&](int index, const std::string& value) {
    if (rc == SQLITE_OK) {
      rc = sqlite3_bind_text64(stmt, index, value.data(), value.size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
    }
  };
  text(1, plan.period);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(stmt, 2, plan.version);
  text(3, created_at);
  text(4, plan.from);
  text(5, plan.until);
  text(6, plan.digest);
  if (rc == SQLITE_OK) rc = sqlite3_bind_blob64(stmt, 7, frame.data(), frame.size(), SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
  Status status = ok();
  if (rc != SQLITE_OK) status = detail::sqlite_error(db, rc).context("cannot store the plan");
  sqlite3_finalize(stmt);
  return status;
}

}  // namespace

Expected<StoredPlan> PlanRecords::record_plan(std::string document, std::string_view from,
                                              std::string_view until, std::string_view reason) {
  auto stored = record_plan([&](const auto& sink) { sink(document); }, from, until, reason);
  if (stored) stored->document = std::move(document);
  return stored;
}

Expected<StoredPlan> PlanRecords::record_plan(const DocumentWriter& write, std::string_view from,
                                              std::string_view until, std::string_view reason) {
  if (!is_plan_time(from) || !is_plan_time(until)) {
    return make_error(ErrorCode::kInvalidInput,
                      "a plan's 'from' and 'until' are ISO UTC times, not '{}' and '{}'", from,
                      until);
  }
  // The text goes through the digest and the compressor as it is written.
  Sha256Stream digest;
  TextCompressor compressor;
  Status written = ok();
  char first = 0, last = 0;
  write([&](std::string_view piece) {
    if (piece.empty() || !written) return;
    if (first == 0) first = piece.front();
    last = piece.back();
    digest.update(piece);
    written = compressor.add(piece);
  });
  if (!written) return written.error().context("cannot store the plan");
  if (first != '{' || last != '}') {
    return make_error(ErrorCode::kInvalidInput, "a plan document is a JSON object");
  }
  auto frame = compressor.finish();
  if (!frame) return frame.error().context("cannot store the plan");
  StoredPlan plan;
  plan.digest = digest.hex();
  plan.from = std::string(from);
  plan.until = std::string(until);
  plan.period = plan.from.substr(0, 7);
  plan.created_at = clock_ ? clock_() : system_now();

  auto transaction = Transaction::begin(*db_, Transaction::Mode::kImmediate);
  if (!transaction) return transaction.error().context("cannot store the plan");
  auto next = db_->prepare("SELECT COALESCE(MAX(version), 0) + 1 FROM plans WHERE period = ?");
  if (!next) return next.error();
  if (auto s = next->bind(plan.period); !s) return s.error();
  if (auto row = next->step(); !row) return row.error();
  plan.version = next->column_int(0);
  next->reset();
  if (auto s = insert_plan(db_->handle(), plan, format_timestamp(plan.created_at), *frame); !s) {
    return s.error();
  }
  plan.id = db_->last_insert_rowid();

  JournalChange change;
  change.actor = actor_;
  change.host = "*";
  change.action = "plan.create";
  change.reason = std::string(reason);
  change.after_digest = plan.digest;
  change.details = nlohmann::json{
      {"plan_id", plan.id},
      {"period", plan.period},
      {"version", plan.version},
      {"from", plan.from},
      {"until",
       plan.until}}.dump();
  if (auto entry = journal_.append(change); !entry) return entry.error();
  if (auto s = transaction->commit(); !s) return s.error();
  return plan;
}

Expected<StoredPlan> PlanRecords::find(std::int64_t id) {
  auto select = db_->prepare(
      "SELECT period, version, created_at, plan_from, plan_until, document, digest, "
      "document_zstd FROM plans WHERE id = ?");
  if (!select) return select.error();
  if (auto s = select->bind(id); !s) return s.error();
  auto row = select->step();
  if (!row) return row.error();
  if (!*row) return make_error(ErrorCode::kNotFound, "no plan {} in '{}'", id, db_->path());
  StoredPlan plan;
  plan.id = id;
  plan.period = select->column_text(0);
  plan.version = select->column_int(1);
  auto created = parse_timestamp(select->column_text(2));
  if (!created) return created.error().context(fmt::format("plan {}", id));
  plan.created_at = *created;
  plan.from = select->column_text(3);
  plan.until = select->column_text(4);
  plan.digest = select->column_text(6);
  if (select->column_is_null(7)) {
    plan.document = select->column_text(5);  // stored before schema step 8
  } else {
    auto text = decompress_text(select->column_blob(7), fmt::format("stored plan {}", id));
    if (!text) return text.error();
    plan.document = std::move(*text);
  }
  select->reset();
  auto approvals = load_approvals(*db_, id);
  if (!approvals) return approvals.error();
  plan.approvals = std::move(*approvals);
  return plan;
}

Expected<PlanApproval> PlanRecords::approve(std::int64_t id, std::string_view reason) {
  auto transaction = Transaction::begin(*db_, Transaction::Mode::kImmediate);
  if (!transaction) return transaction.error().context("cannot approve the plan");
  auto plan = find(id);
  if (!plan) return plan.error();
  JournalChange change;
  change.actor = actor_;
  change.host = "*";
  change.action = "plan.approve";
  change.reason = std::string(reason);
  change.before_digest = plan->digest;
  change.after_digest = plan->digest;
  change.details =
      nlohmann::json{{"plan_id", plan->id}, {"period", plan->period}, {"version", plan->version}}
          .dump();
  auto entry = journal_.append(change);
  if (!entry) return entry.error();
  PlanApproval approval{entry->id, format_timestamp(entry->time), change.actor.user};
  auto insert = db_->prepare(
      "INSERT INTO plan_approvals (plan_id, journal_id, approved_at, approved_by) VALUES (?, ?, ?, "
      "?)");
  if (!insert) return insert.error();
  auto status = insert->bind(id, approval.journal_id, approval.approved_at, approval.approved_by);
  if (status) status = insert->run();
  if (!status) return status.error();
  if (auto s = transaction->commit(); !s) return s.error();
  return approval;
}

}  // namespace patchplan::store
