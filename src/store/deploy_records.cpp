// SQL of the deployment tables (schema step 5).
#include "store/deploy_records.hpp"

#include "store/transaction.hpp"

namespace patchplan::store {
namespace {

DeployHostRecord read_host(const Statement& row) {
  DeployHostRecord host;
  host.change_id = row.column_text(0);
  host.host = row.column_text(1);
  host.ring = static_cast<int>(row.column_int(2));
  host.step = row.column_text(3);
  host.state = row.column_text(4);
  host.checkpoint = row.column_text(5);
  host.outcome = row.column_text(6);
  host.boot_before = row.column_text(7);
  return host;
}

}  // namespace

Status DeployRecords::create_change(const DeployChangeRecord& change,
                                    const std::vector<DeployHostRecord>& hosts) {
  auto transaction = Transaction::begin(*db_);
  if (!transaction) return transaction.error();
  auto exists = db_->prepare("SELECT 1 FROM deploy_changes WHERE id = ?");
  if (!exists) return exists.error();
  if (auto s = exists->bind(change.id); !s) return s;
  auto row = exists->step();
  if (!row) return row.error();
  if (*row) {
    return make_error(ErrorCode::kConflict,
                      "change '{}' exists already: complete it with 'deploy --resume {}', or "
                      "give a new attempt a change_id of its own",
                      change.id, change.id);
  }
  auto insert = db_->prepare(
      "INSERT INTO deploy_changes (id, created_at, request, state) VALUES (?, ?, ?, ?)");
  if (!insert) return insert.error();
  if (auto s = insert->bind(change.id, format_timestamp(change.created_at), change.request,
                            change.state);
      !s) {
    return s;
  }
  if (auto s = insert->run(); !s) return s;
  for (const auto& host : hosts) {
    auto add = db_->prepare(
        "INSERT INTO deploy_hosts (change_id, host, ring, step, state, checkpoint, outcome, "
        "boot_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!add) return add.error();
    if (auto s = add->bind(change.id, host.host, host.ring, host.step, host.state, host.checkpoint,
                           host.outcome, host.boot_before);
        !s) {
      return s;
    }
    if (auto s = add->run(); !s) return s;
  }
  return transaction->commit();
}

Expected<DeployChangeRecord> DeployRecords::change(const std::string& id) {
  auto select =
      db_->prepare("SELECT id, created_at, request, state FROM deploy_changes WHERE id = ?");
  if (!select) return select.error();
  if (auto s = select->bind(id); !s) return s.error();
  auto row = select->step();
  if (!row) return row.error();
  if (!*row) return make_error(ErrorCode::kNotFound, "no change '{}' in the store", id);
  auto created = parse_timestamp(select->column_text(1));
  if (!created) return created.error();
  return DeployChangeRecord{select->column_text(0), *created, select->column_text(2),
                            select->column_text(3)};
}

Status DeployRecords::set_change_state(const std::string& id, const std::string& state) {
  auto update = db_->prepare("UPDATE deploy_changes SET state = ? WHERE id = ?");
  if (!update) return update.error();
  if (auto s = update->bind(state, id); !s) return s;
  return update->run();
}

Expected<std::vector<DeployHostRecord>> DeployRecords::hosts(const std::string& change_id) {
  auto select = db_->prepare(
      "SELECT change_id, host, ring, step, state, checkpoint, outcome, boot_before "
      "FROM deploy_hosts "
      "WHERE change_id = ? ORDER BY ring, host");
  if (!select) return select.error();
  if (auto s = select->bind(change_id); !s) return s.error();
  std::vector<DeployHostRecord> hosts;
  for (;;) {
    auto row = select->step();
    if (!row) return row.error();
    if (!*row) return hosts;
    hosts.push_back(read_host(*select));
  }
}

Status DeployRecords::update_host(const DeployHostRecord& host) {
  auto update = db_->prepare_cached(
      "UPDATE deploy_hosts SET step = ?, state = ?, checkpoint = ?, outcome = ?, boot_before = ? "
      "WHERE change_id = ? AND host = ?");
  if (!update) return update.error();
  if (auto s = update->bind(host.step, host.state, host.checkpoint, host.outcome, host.boot_before,
                            host.change_id, host.host);
      !s) {
    return s;
  }
  return update->run();
}

Status DeployRecords::lock_host(const std::string& host, const std::string& change_id,
                                std::int64_t pid, Timestamp now) {
  auto transaction = Transaction::begin(*db_);
  if (!transaction) return transaction.error();
  auto held = host_lock(host);
  if (!held) return held.error();
  if (*held && (*held)->change_id != change_id) {
    return make_error(ErrorCode::kConflict,
                      "host '{}' is locked by change '{}' (process {}, since {}): finish it "
                      "with 'patchplan deploy --resume {}' or 'patchplan rollback {}'",
                      host, (*held)->change_id, (*held)->pid, format_timestamp((*held)->locked_at),
                      (*held)->change_id, (*held)->change_id);
  }
  auto upsert = db_->prepare(
      "INSERT INTO host_locks (host, change_id, pid, locked_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (host) DO UPDATE SET pid = excluded.pid, locked_at = excluded.locked_at");
  if (!upsert) return upsert.error();
  if (auto s = upsert->bind(host, change_id, pid, format_timestamp(now)); !s) return s;
  if (auto s = upsert->run(); !s) return s;
  return transaction->commit();
}

Status DeployRecords::unlock_host(const std::string& host, const std::string& change_id) {
  auto remove = db_->prepare("DELETE FROM host_locks WHERE host = ? AND change_id = ?");
  if (!remove) return remove.error();
  if (auto s = remove->bind(host, change_id); !s) return s;
  return remove->run();
}

Expected<std::optional<HostLockRecord>> DeployRecords::host_lock(const std::string& host) {
  auto select =
      db_->prepare("SELECT host, change_id, pid, locked_at FROM host_locks WHERE host = ?");
  if (!select) return select.error();
  if (auto s = select->bind(host); !s) return s.error();
  auto row = select->step();
  if (!row) return row.error();
  if (!*row) return std::optional<HostLockRecord>();
  auto locked = parse_timestamp(select->column_text(3));
  if (!locked) return locked.error();
  return std::optional<HostLockRecord>(HostLockRecord{
      select->column_text(0), select->column_text(1), select->column_int(2), *locked});
}

}  // namespace patchplan::store
