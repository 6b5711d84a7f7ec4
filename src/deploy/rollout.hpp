// Rollout: a change over its hosts, ring after ring (canary first), at most N hosts at
// once, halted by the failure threshold, never starting a host after the window closed.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "deploy/change_request.hpp"
#include "deploy/host_deployment.hpp"
#include "store/deploy_records.hpp"

namespace patchplan::deploy {

struct RolloutOptions {
  std::string db_path;      // every worker opens its own connection to this store
  DeploySettings settings;  // state_dir, actor, clock, override_reason (--now)
  std::function<void(const store::DeployHostRecord&)> on_host_done;  // progress; may be empty
};

struct RolloutResult {
  std::string change_id;
  std::string state;  // "finished", "halted" (threshold), or the change's stored state
  std::vector<store::DeployHostRecord> hosts;
};

// Records the change (kConflict if its id exists) and runs it. A host another change
// holds is "refused"; the store and target errors of one host make it "failed" and the
// rollout goes on as the threshold allows.
Expected<RolloutResult> start_rollout(const ChangeRequest& request, const RolloutOptions& options);

// Completes a change after a crash: each host that was running is resumed (completed or
// rolled back, see HostDeployment::resume), then the pending hosts run unless the change
// was halted.
Expected<RolloutResult> resume_rollout(const std::string& change_id, const RolloutOptions& options);

// Rolls back every host of a change that has a checkpoint and is not rolled back yet.
Expected<RolloutResult> roll_back_change(const std::string& change_id,
                                         const RolloutOptions& options);

// Every command the change would run on every host, for --dry-run: nothing runs and no
// host is touched (patchplan's own target files are written under the state dir).
Expected<std::vector<std::string>> dry_run_commands(const ChangeRequest& request,
                                                    const std::string& state_dir);

}  // namespace patchplan::deploy
