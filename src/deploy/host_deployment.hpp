// HostDeployment: one host's part of a change, step by step, each step journaled before
// it starts and after it ends, with the host's progress in the store (write-ahead).
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "common/expected.hpp"
#include "deploy/change_request.hpp"
#include "deploy/checkpoint.hpp"
#include "deploy/health.hpp"
#include "deploy/precheck.hpp"
#include "deploy/transport.hpp"
#include "store/deploy_records.hpp"
#include "store/store.hpp"

namespace patchplan::deploy {

// Where a deployment keeps its own files, and who it journals as.
struct DeploySettings {
  std::string state_dir;  // targets/<host>/ (apt config, dpkg wrapper) and pool/ (.debs)
  store::Actor actor;
  store::Clock clock;           // empty: the system clock
  std::string override_reason;  // --now REASON: journaled with each host started
};

// The steps, in order. A host whose last begun step is before kInstallStep was not
// changed; from it on, its packages may be anywhere between the checkpoint and the plan.
inline constexpr std::string_view kInstallStep = "install";

class HostDeployment {
 public:
  // `store` must outlive this object; `record` is the host's row. The host's own pins
  // (HostTarget::packages), when it has them, are the packages of its change.
  HostDeployment(store::Store& store, const ChangeRequest& request, store::DeployHostRecord record,
                 const DeploySettings& settings);
  ~HostDeployment();

  // Runs the change on the host from the pre-checks to the health gates, and rolls it
  // back when a gate fails. Returns the host's final record. Errors are for a store that
  // cannot be written or a target that cannot be reached; the host's own failures are
  // states of the record ("refused", "rolled-back", "failed").
  Expected<store::DeployHostRecord> run();

  // Brings an interrupted host to an end state from its record and its dpkg database:
  // a host not yet changed runs again from the start; a changed one is kept when it is at
  // the planned versions and healthy, else rolled back to its checkpoint.
  Expected<store::DeployHostRecord> resume();

  // Rolls a host back to its checkpoint by hand (patchplan rollback), and verifies.
  Expected<store::DeployHostRecord> roll_back();

 private:
  Status begin(std::string_view step, nlohmann::json details);
  Status end(std::string_view step, nlohmann::json details);
  // Writes the host's record, the pending end entry and (unless `action` is empty) a new
  // entry in one transaction, releasing the host's lock in it with `release_host`.
  Status journal(std::string action, std::string reason, nlohmann::json details,
                 bool release_host = false);
  Status flush();
  void add_plan(nlohmann::json& details) const;  // the plan id and version, if any
  Status finish(std::string state, std::string outcome);
  Status open_target();
  // The health gates; a failure rolls back. Healthy: the host is finished with the gates'
  // outcome (or `settled`, one decided before a reboot) and `note`, or, when `may_reboot`
  // and the change needs a reboot, rebooted.
  Expected<store::DeployHostRecord> gate_or_roll_back(int failed_units_before,
                                                      const std::string& note, bool may_reboot,
                                                      const std::string& settled = "");
  // Why this host may not reboot now ("" when it may): the policy (the host's own from a
  // plan, else the request's) and its window.
  [[nodiscard]] std::string reboot_refusal() const;
  // The reboot step: asks the target for a reboot when allowed, else finishes the host as
  // "patched, reboot pending" with the reason and why not.
  Expected<store::DeployHostRecord> reboot(const std::string& reason, const std::string& outcome);
  // True when the target's boot changes or cannot be read (it is down) within `grace`.
  bool boot_changes_within(std::chrono::milliseconds grace);
  // Waits for a new boot (policy reboot_timeout), then runs the gates again.
  Expected<store::DeployHostRecord> await_reboot(const std::string& reason);
  Expected<bool> roll_back_and_verify(std::string_view why);
  Expected<std::vector<std::string>> verify_checkpoint(const Checkpoint& checkpoint);
  // The restart step: coalesce per unit, apply the policy, journal; a one-line summary.
  Expected<std::string> restart_services(const std::vector<DeletedMapping>& mappings);
  Expected<CommandResult> run_journaled(std::string_view step, const Command& command);

  store::Store* store_;
  ChangeRequest host_request_;  // the request with this host's own pins as its packages
  const ChangeRequest* request_ = &host_request_;
  store::DeployHostRecord record_;
  DeploySettings settings_;
  std::unique_ptr<Transport> transport_;
  std::optional<PackageLock> package_lock_;
  std::string native_;
  struct PendingEntry {
    std::string action;
    std::string reason;
    std::string details;
  };
  std::optional<PendingEntry> pending_end_;
  bool keep_step_ = false;  // begin() leaves record_.step as it is (a resume opening)
};

}  // namespace patchplan::deploy
