// From a stored, approved plan to the change request the executor runs: the waves' hosts
// with their exact versions, ring order and windows, and the hosts file's addresses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/expected.hpp"
#include "deploy/change_request.hpp"
#include "plan/hosts.hpp"
#include "plan/policy.hpp"
#include "store/store.hpp"

namespace patchplan::deploy {

struct PlanSelection {
  std::int64_t plan_id = 0;
  std::optional<std::string> ring;  // only this ring's waves; all rings when empty
  std::string reason;               // the change's reason; default names the plan
  DeployPolicy policy;              // how to deploy (the plan says what and when)
};

// The deployment policy of a plan policy's `deploy:` section.
DeployPolicy deploy_policy_of(const plan::DeploymentRules& rules);

// Reads plan `selection.plan_id` from the store and turns its waves (of the ring, if one
// is given) into a change: one host per wave host, its updates as exact pins, its ring's
// order in the plan as the ring, the wave's window as the host's window, and its address
// from `hosts` ("local", "root:DIR" or "chrootless:DIR") as the target. The change id is
// "plan-ID-vVERSION[-RING]" and the request carries the plan's id, period, version and
// digest. Refused (kConflict) when the plan has no approval or a later version of its
// period exists; kNotFound for an unknown plan, a ring without waves, or a host without an
// address in the hosts file.
Expected<ChangeRequest> change_from_plan(store::Store& store, const PlanSelection& selection,
                                         const plan::HostsFile& hosts);

}  // namespace patchplan::deploy
