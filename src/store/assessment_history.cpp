// Recording and reading host assessment snapshots.
#include "store/assessment_history.hpp"

#include <limits>
#include <nlohmann/json.hpp>

#include "store/sha256.hpp"
#include "store/transaction.hpp"

namespace patchplan::store {
namespace {

constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();

struct CheckedDocument {
  std::string compact;
  std::int64_t schema_version = 0;
};

Expected<CheckedDocument> check_document(std::string_view host, std::string_view text) {
  const auto document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return make_error(ErrorCode::kInvalidInput,
                      "assessment of host '{}' is not a JSON object document", host);
  }
  const auto version = document.find("schema_version");
  if (version == document.end() || !version->is_number_integer() ||
      version->get<std::int64_t>() < 1) {
    return make_error(ErrorCode::kInvalidInput,
                      "assessment of host '{}' has no integer 'schema_version' >= 1", host);
  }
  return CheckedDocument{document.dump(), version->get<std::int64_t>()};
}

Status check_pending(std::string_view host, const PendingUpdate& update) {
  if (update.package.empty() || update.architecture.empty() || update.installed_version.empty() ||
      update.candidate_version.empty()) {
    return make_error(ErrorCode::kInvalidInput,
                      "pending update '{}:{}' of host '{}' lacks a package, architecture, "
                      "installed or candidate version",
                      update.package, update.architecture, host);
  }
  return ok();
}

Expected<std::int64_t> host_id(Database& db, std::string_view host) {
  auto upsert = db.prepare("INSERT INTO hosts (name) VALUES (?) ON CONFLICT (name) DO NOTHING");
  if (!upsert) return upsert.error();
  if (auto status = upsert->bind(host); !status) return status.error();
  if (auto status = upsert->run(); !status) return status.error();
  auto select = db.prepare("SELECT id FROM hosts WHERE name = ?");
  if (!select) return select.error();
  if (auto status = select->bind(host); !status) return status.error();
  auto row = select->step();
  if (!row) return row.error();
  return select->column_int(0);
}

// Inserts the snapshot row and returns its id.
Expected<std::int64_t> insert_snapshot(Database& db, std::int64_t host_id, Timestamp taken_at,
                                       const CheckedDocument& document, const std::string& digest) {
  auto insert = db.prepare(
      "INSERT INTO assessment_snapshots (host_id, taken_at, schema_version, document, digest) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!insert) return insert.error();
  auto status = insert->bind(host_id, format_timestamp(taken_at), document.schema_version,
                             document.compact, digest);
  if (status) status = insert->run();
  if (!status) return status.error();
  return db.last_insert_rowid();
}

Status insert_pending(Database& db, std::string_view host, std::int64_t snapshot_id,
                      const std::vector<PendingUpdate>& pending) {
  auto insert = db.prepare(
      "INSERT INTO pending_updates (snapshot_id, package, architecture, installed_version, "
      "candidate_version, source_package, suite, security) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return insert.error();
  for (const PendingUpdate& u : pending) {
    auto status = insert->bind(snapshot_id, u.package, u.architecture, u.installed_version,
                               u.candidate_version, u.source_package, u.suite, u.security);
    if (status) status = insert->run();
    if (!status) {
      return status.error().context(fmt::format("cannot record pending update '{}:{}' of host '{}'",
                                                u.package, u.architecture, host));
    }
  }
  return ok();
}

Expected<std::vector<PendingUpdate>> read_pending(Database& db, std::int64_t snapshot_id) {
  auto select = db.prepare(
      "SELECT package, architecture, installed_version, candidate_version, source_package, "
      "suite, security FROM pending_updates WHERE snapshot_id = ? ORDER BY package, architecture");
  if (!select) return select.error();
  if (auto status = select->bind(snapshot_id); !status) return status.error();
  std::vector<PendingUpdate> pending;
  for (;;) {
    auto row = select->step();
    if (!row) return row.error();
    if (!*row) return pending;
    pending.push_back(PendingUpdate{select->column_text(0), select->column_text(1),
                                    select->column_text(2), select->column_text(3),
                                    select->column_text(4), select->column_text(5),
                                    select->column_int(6) != 0});
  }
}

// The newest snapshot of `host` with an id below `before_id`, without its pending updates.
Expected<std::optional<AssessmentSnapshot>> find_snapshot(Database& db, std::string_view host,
                                                          std::int64_t before_id) {
  auto select = db.prepare(
      "SELECT s.id, s.taken_at, s.schema_version, s.document, s.digest "
      "FROM assessment_snapshots s JOIN hosts h ON h.id = s.host_id "
      "WHERE h.name = ? AND s.id < ? ORDER BY s.id DESC LIMIT 1");
  if (!select) return select.error();
  if (auto status = select->bind(host, before_id); !status) return status.error();
  auto row = select->step();
  if (!row) return row.error();
  if (!*row) return std::optional<AssessmentSnapshot>();

  AssessmentSnapshot snapshot;
  snapshot.id = select->column_int(0);
  snapshot.host = host;
  auto taken_at = parse_timestamp(select->column_text(1));
  if (!taken_at) return taken_at.error().context(fmt::format("snapshot {}", snapshot.id));
  snapshot.taken_at = *taken_at;
  snapshot.schema_version = select->column_int(2);
  snapshot.document = select->column_text(3);
  snapshot.digest = select->column_text(4);
  return std::optional(std::move(snapshot));
}

}  // namespace

Expected<RecordedAssessment> AssessmentHistory::record_assessment(
    std::string_view host, Timestamp taken_at, std::string_view json_document,
    const std::vector<PendingUpdate>& pending, std::string_view reason) {
  if (host.empty()) return make_error(ErrorCode::kInvalidInput, "assessment without a host name");
  auto document = check_document(host, json_document);
  if (!document) return document.error();
  std::int64_t security = 0;
  for (const PendingUpdate& update : pending) {
    if (auto status = check_pending(host, update); !status) return status.error();
    security += update.security ? 1 : 0;
  }
  const std::string context = fmt::format("cannot record the assessment of host '{}'", host);

  auto transaction = Transaction::begin(*db_, Transaction::Mode::kImmediate);
  if (!transaction) return transaction.error().context(context);
  auto previous = find_snapshot(*db_, host, kNoLimit);
  if (!previous) return previous.error().context(context);
  if (*previous && taken_at < (*previous)->taken_at) {
    return make_error(ErrorCode::kConflict, "{}: taken at {}, before its latest snapshot {} of {}",
                      context, format_timestamp(taken_at), (*previous)->id,
                      format_timestamp((*previous)->taken_at));
  }
  auto id = host_id(*db_, host);
  if (!id) return id.error().context(context);

  const std::string digest = sha256_hex(document->compact);
  auto snapshot_id = insert_snapshot(*db_, *id, taken_at, *document, digest);
  if (!snapshot_id) return snapshot_id.error().context(context);
  if (auto rows = insert_pending(*db_, host, *snapshot_id, pending); !rows) return rows.error();

  const nlohmann::json details = {{"snapshot_id", *snapshot_id},
                                  {"taken_at", format_timestamp(taken_at)},
                                  {"schema_version", document->schema_version},
                                  {"pending", pending.size()},
                                  {"security", security}};
  auto entry = journal_.append(
      JournalChange{actor_, std::string(host), "assess", std::string(reason),
                    *previous ? (*previous)->digest : std::string(), digest, details.dump()});
  if (!entry) return entry.error().context(context);
  if (auto committed = transaction->commit(); !committed) return committed.error().context(context);
  return RecordedAssessment{*snapshot_id, std::move(*entry)};
}

Expected<std::optional<AssessmentSnapshot>> AssessmentHistory::latest_assessment(
    std::string_view host) {
  return load_snapshot(host, kNoLimit);
}

Status AssessmentHistory::each_latest_assessment(
    const std::function<Status(const AssessmentSnapshot& snapshot)>& each) {
  auto transaction = Transaction::begin(*db_, Transaction::Mode::kDeferred);
  if (!transaction) return transaction.error();
  auto select = db_->prepare(
      "SELECT s.id, h.name, s.taken_at, s.schema_version, s.document, s.digest "
      "FROM hosts h JOIN assessment_snapshots s ON s.id = "
      "(SELECT MAX(id) FROM assessment_snapshots WHERE host_id = h.id) ORDER BY h.name");
  if (!select) return select.error();
  AssessmentSnapshot snapshot;
  for (;;) {
    auto row = select->step();
    if (!row) return row.error();
    if (!*row) break;
    snapshot.id = select->column_int(0);
    snapshot.host = select->column_text(1);
    auto taken_at = parse_timestamp(select->column_text(2));
    if (!taken_at) return taken_at.error().context(fmt::format("snapshot {}", snapshot.id));
    snapshot.taken_at = *taken_at;
    snapshot.schema_version = select->column_int(3);
    snapshot.document = select->column_text(4);
    snapshot.digest = select->column_text(5);
    if (auto status = each(snapshot); !status) return status;
  }
  select->reset();
  return transaction->commit();
}

Expected<std::optional<AssessmentSnapshot>> AssessmentHistory::previous_assessment(
    std::string_view host, std::int64_t before_id) {
  return load_snapshot(host, before_id);
}

Expected<std::optional<AssessmentSnapshot>> AssessmentHistory::load_snapshot(
    std::string_view host, std::int64_t before_id) {
  auto transaction = Transaction::begin(*db_, Transaction::Mode::kDeferred);
  if (!transaction) return transaction.error();
  auto snapshot = find_snapshot(*db_, host, before_id);
  if (!snapshot || !*snapshot) return snapshot;
  auto pending = read_pending(*db_, (*snapshot)->id);
  if (!pending) return pending.error();
  (*snapshot)->pending = std::move(*pending);
  if (auto status = transaction->commit(); !status) return status.error();
  return snapshot;
}

}  // namespace patchplan::store
