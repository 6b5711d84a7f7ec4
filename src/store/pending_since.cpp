// Since when an update has been pending: runs of consecutive snapshots that list it.
#include <set>

#include "store/assessment_history.hpp"
#include "store/transaction.hpp"

namespace patchplan::store {
namespace {

// The run ends at the host's latest snapshot and starts after the newest snapshot that
// does not list the key (a "break"); the answer is the first snapshot after the break.
constexpr std::string_view kRunStart = R"sql(
WITH host AS (SELECT id FROM hosts WHERE name = ?1),
breaks AS (
  SELECT MAX(s.id) AS id FROM assessment_snapshots s
  WHERE s.host_id = (SELECT id FROM host)
    AND NOT EXISTS (SELECT 1 FROM pending_updates p
                    WHERE p.snapshot_id = s.id AND p.package = ?2 AND p.architecture = ?3
                      AND p.installed_version = ?4))
SELECT taken_at FROM assessment_snapshots
WHERE host_id = (SELECT id FROM host) AND id > COALESCE((SELECT id FROM breaks), 0)
ORDER BY id LIMIT 1
)sql";

Expected<Timestamp> read_time(const Statement& row, int column) {
  auto time = parse_timestamp(row.column_text(column));
  if (!time) return time.error().context("assessment snapshot");
  return *time;
}

}  // namespace

Expected<std::optional<Timestamp>> AssessmentHistory::pending_since(
    std::string_view host, std::string_view package, std::string_view architecture,
    std::string_view installed_version) {
  auto query = db_->prepare(kRunStart);
  if (!query) return query.error();
  if (auto status = query->bind(host, package, architecture, installed_version); !status) {
    return status.error();
  }
  auto row = query->step();
  if (!row) return row.error();
  if (!*row) return std::optional<Timestamp>();
  auto time = read_time(*query, 0);
  if (!time) return time.error();
  return std::optional(*time);
}

Expected<std::map<PendingKey, Timestamp>> AssessmentHistory::pending_since_all(
    std::string_view host) {
  auto transaction = Transaction::begin(*db_, Transaction::Mode::kDeferred);
  if (!transaction) return transaction.error();
  auto snapshots = db_->prepare(
      "SELECT s.id, s.taken_at FROM assessment_snapshots s JOIN hosts h ON h.id = s.host_id "
      "WHERE h.name = ? ORDER BY s.id DESC");
  auto rows = db_->prepare(
      "SELECT package, architecture, installed_version FROM pending_updates "
      "WHERE snapshot_id = ?");
  if (!snapshots) return snapshots.error();
  if (!rows) return rows.error();
  if (auto status = snapshots->bind(host); !status) return status.error();

  // `open`: keys whose run still reaches back to the snapshot being read.
  std::map<PendingKey, Timestamp> since;
  std::set<PendingKey> open;
  for (bool newest = true; newest || !open.empty(); newest = false) {
    auto snapshot = snapshots->step();
    if (!snapshot) return snapshot.error();
    if (!*snapshot) break;
    auto taken_at = read_time(*snapshots, 1);
    if (!taken_at) return taken_at.error();
    if (auto status = rows->bind(snapshots->column_int(0)); !status) return status.error();

    std::set<PendingKey> listed;
    for (;;) {
      auto row = rows->step();
      if (!row) return row.error();
      if (!*row) break;
      PendingKey key{rows->column_text(0), rows->column_text(1), rows->column_text(2)};
      if (newest || open.contains(key)) {
        since[key] = *taken_at;
        listed.insert(std::move(key));
      }
    }
    open = std::move(listed);
  }
  if (auto status = transaction->commit(); !status) return status.error();
  return since;
}

}  // namespace patchplan::store
