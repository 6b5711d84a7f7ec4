// The deployment tables of the store: changes, their hosts' progress, and host locks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "store/database.hpp"
#include "store/timestamp.hpp"

namespace patchplan::store {

struct DeployChangeRecord {
  std::string id;
  Timestamp created_at;
  std::string request;  // the change request's canonical JSON
  std::string state;    // "running", "finished", "halted"
};

// One host of a change. `step` is the last step begun ("pending" before any), written
// before the step runs; `state` what became of the host ("pending", "running",
// "succeeded", "rolled-back", "failed", "refused", "missed", "not-started").
struct DeployHostRecord {
  std::string change_id;
  std::string host;
  int ring = 0;
  std::string step = "pending";
  std::string state = "pending";
  std::string checkpoint = "{}";  // JSON: versions before the change and the kept .debs
  std::string outcome;            // one line for the report
  std::string boot_before;        // the boot identity when a reboot was requested, else ""
};

struct HostLockRecord {
  std::string host;
  std::string change_id;
  std::int64_t pid = 0;
  Timestamp locked_at;
};

// Works on `db`, which must outlive it. Writes run in the caller's transaction when one
// is open (so that a host's step and its journal entry land together), else alone.
class DeployRecords {
 public:
  explicit DeployRecords(Database& db) : db_(&db) {}

  // Records a new change with its hosts pending; kConflict when the id exists.
  Status create_change(const DeployChangeRecord& change,
                       const std::vector<DeployHostRecord>& hosts);

  // The change `id`; kNotFound when there is none.
  Expected<DeployChangeRecord> change(const std::string& id);
  Status set_change_state(const std::string& id, const std::string& state);

  // The hosts of a change, by ring and then name.
  Expected<std::vector<DeployHostRecord>> hosts(const std::string& change_id);
  Status update_host(const DeployHostRecord& host);

  // Takes the lock of `host` for `change_id` (pid of this process). Taking it again for
  // the same change replaces the pid (a resume); another change's lock is kConflict, named.
  Status lock_host(const std::string& host, const std::string& change_id, std::int64_t pid,
                   Timestamp now);
  // Releases the lock if `change_id` holds it.
  Status unlock_host(const std::string& host, const std::string& change_id);
  Expected<std::optional<HostLockRecord>> host_lock(const std::string& host);

 private:
  Database* db_;
};

}  // namespace patchplan::store
