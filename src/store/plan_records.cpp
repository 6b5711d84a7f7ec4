// Storing, reading and approving plans.
#include "store/plan_records.hpp"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

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

// Inserts the plan row with `document` bound without a copy (SQLITE_STATIC: it outlives
// the statement). Statement::bind copies, and SQLite copies again into the record: for a
// 10,000-host plan each copy is 180 MB. (Incremental blob I/O would need the document to
// be the row's last column; it is not.)
Status insert_plan(sqlite3* db, const StoredPlan& plan, const std::string& created_at) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(
      db,
      "INSERT INTO plans (period, version, created_at, plan_from, plan_until, document, digest) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      -1, &stmt, nullptr);
  auto text = [&](int index, const std::string& value, sqlite3_destructor_type lifetime) {
    if (rc == SQLITE_OK) {
      rc = sqlite3_bind_text64(stmt, index, value.data(), value.size(), lifetime, SQLITE_UTF8);
    }
  };
  text(1, plan.period, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(stmt, 2, plan.version);
  text(3, created_at, SQLITE_TRANSIENT);
  text(4, plan.from, SQLITE_TRANSIENT);
  text(5, plan.until, SQLITE_TRANSIENT);
  text(6, plan.document, SQLITE_STATIC);
  text(7, plan.digest, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
  Status status = ok();
  if (rc != SQLITE_OK) status = detail::sqlite_error(db, rc).context("cannot store the plan");
  sqlite3_finalize(stmt);
  return status;
}

}  // namespace

Expected<StoredPlan> PlanRecords::record_plan(std::string document, std::string_view from,
                                              std::string_view until, std::string_view reason) {
  if (document.size() < 2 || document.front() != '{' || document.back() != '}') {
    return make_error(ErrorCode::kInvalidInput, "a plan document is a JSON object");
  }
  if (!is_plan_time(from) || !is_plan_time(until)) {
    return make_error(ErrorCode::kInvalidInput,
                      "a plan's 'from' and 'until' are ISO UTC times, not '{}' and '{}'", from,
                      until);
  }
  StoredPlan plan;
  plan.document = std::move(document);
  plan.digest = sha256_hex(plan.document);
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
  if (auto s = insert_plan(db_->handle(), plan, format_timestamp(plan.created_at)); !s) {
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
      "SELECT period, version, created_at, plan_from, plan_until, document, digest FROM plans "
      "WHERE id = ?");
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
  plan.document = select->column_text(5);
  plan.digest = select->column_text(6);
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
