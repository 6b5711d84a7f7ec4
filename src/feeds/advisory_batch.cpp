// Multi-row INSERT of advisories with SQLite's C API (the store's Statement binds a fixed
// list of values; this binds kRows rows of 21 columns).
#include "feeds/advisory_batch.hpp"

#include <sqlite3.h>

#include <utility>

#include "feeds/feed_kind.hpp"

namespace patchplan::feeds::detail {
namespace {

constexpr int kColumns = 21;

constexpr std::string_view kInsert =
    "INSERT INTO advisories (feed_id, ecosystem, release, source_package, ordinal, "
    "vulnerability, status, introduced, fixed_version, last_affected, versions, urgency, "
    "urgency_unconfirmed, nodsa, nodsa_reason, nodsa_note, next_point_update, scope, "
    "cvss_score, cvss_vector, aliases) VALUES ";

constexpr std::string_view kValues =
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS REAL), ?, ?)";

std::string insert_sql(std::size_t rows) {
  std::string sql(kInsert);
  for (std::size_t i = 0; i < rows; ++i) {
    if (i > 0) sql += ", ";
    sql += kValues;
  }
  return sql;
}

// Binds text that stays alive until the statement is stepped (SQLITE_STATIC: no copy).
int bind_text(sqlite3_stmt* statement, int index, std::string_view text) {
  return sqlite3_bind_text64(statement, index, text.data() != nullptr ? text.data() : "",
                             text.size(), SQLITE_STATIC, SQLITE_UTF8);
}

}  // namespace

AdvisoryBatch::AdvisoryBatch(AdvisoryBatch&& other) noexcept
    : db_(other.db_),
      feed_id_(other.feed_id_),
      rows_(std::move(other.rows_)),
      used_(std::exchange(other.used_, 0)),
      full_(std::exchange(other.full_, nullptr)),
      single_(std::exchange(other.single_, nullptr)) {}

AdvisoryBatch::~AdvisoryBatch() {
  sqlite3_finalize(full_);
  sqlite3_finalize(single_);
}

Status AdvisoryBatch::add(const SourceAdvisory& advisory, std::int64_t ordinal) {
  if (rows_.size() < kRows) rows_.resize(kRows);
  Row& row = rows_[used_++];
  row.advisory = advisory;
  row.ordinal = ordinal;
  row.aliases.clear();
  for (const auto& alias : advisory.aliases) {
    if (!row.aliases.empty()) row.aliases += ' ';
    row.aliases += alias;
  }
  row.score = advisory.cvss_score ? fmt::format("{}", *advisory.cvss_score) : std::string();
  if (used_ < kRows) return ok();
  return write(kRows, full_);
}

Status AdvisoryBatch::flush() {
  const std::size_t count = used_;
  for (std::size_t i = 0; i < count; ++i) {
    std::swap(rows_[0], rows_[i]);
    used_ = 1;
    if (auto status = write(1, single_); !status) return status;
  }
  used_ = 0;
  return ok();
}

Status AdvisoryBatch::write(std::size_t count, sqlite3_stmt*& statement) {
  if (statement == nullptr) {
    const std::string sql = insert_sql(count);
    const int rc = sqlite3_prepare_v3(db_->handle(), sql.c_str(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) return db_->error(rc);
  }
  int rc = SQLITE_OK;
  for (std::size_t i = 0; i < count && rc == SQLITE_OK; ++i) {
    const Row& row = rows_[i];
    const SourceAdvisory& a = row.advisory;
    const int base = static_cast<int>(i) * kColumns;
    rc = sqlite3_bind_int64(statement, base + 1, feed_id_);
    const std::string_view texts[] = {a.ecosystem, a.release, a.source_package};
    for (int t = 0; t < 3 && rc == SQLITE_OK; ++t)
      rc = bind_text(statement, base + 2 + t, texts[t]);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(statement, base + 5, row.ordinal);
    const std::string_view more[] = {a.vulnerability, status_name(a.status), a.introduced,
                                     a.fixed_version, a.last_affected,       a.versions,
                                     a.urgency};
    for (int t = 0; t < 7 && rc == SQLITE_OK; ++t) rc = bind_text(statement, base + 6 + t, more[t]);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int(statement, base + 13, a.urgency_unconfirmed ? 1 : 0);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int(statement, base + 14, a.nodsa ? 1 : 0);
    if (rc == SQLITE_OK) rc = bind_text(statement, base + 15, a.nodsa_reason);
    if (rc == SQLITE_OK) rc = bind_text(statement, base + 16, a.nodsa_note);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int(statement, base + 17, a.next_point_update ? 1 : 0);
    if (rc == SQLITE_OK) rc = bind_text(statement, base + 18, a.scope);
    if (rc == SQLITE_OK) {
      rc = a.cvss_score ? bind_text(statement, base + 19, row.score)
                        : sqlite3_bind_null(statement, base + 19);
    }
    if (rc == SQLITE_OK) rc = bind_text(statement, base + 20, a.cvss_vector);
    if (rc == SQLITE_OK) rc = bind_text(statement, base + 21, row.aliases);
  }
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
  }
  Error error = rc != SQLITE_OK ? db_->error(rc) : Error{};
  sqlite3_reset(statement);
  sqlite3_clear_bindings(statement);
  used_ = 0;
  if (rc != SQLITE_OK) return error;
  return ok();
}

}  // namespace patchplan::feeds::detail
