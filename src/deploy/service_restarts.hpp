// Services that still map deleted files after a change, coalesced per systemd unit (from
// /proc/PID/cgroup), restarted only when the policy says so and never sshd or a database
// without explicit permission.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "deploy/change_request.hpp"
#include "deploy/transport.hpp"

namespace patchplan::deploy {

struct ServiceRestart {
  std::string unit;  // "nginx.service"; "" for processes in no service unit
  std::vector<int> pids;
  std::vector<std::string> commands;  // /proc/PID/comm of each pid, in pid order
  std::string verdict;  // "restarted", "listed", "protected: ...", "restart failed: ...", ...
};

// The systemd service unit of a process from its /proc/PID/cgroup text: the deepest path
// component ending in ".service" of the unified ("0::") line, else of the v1
// "name=systemd" line (systemd.unit(5), the cgroup layout of systemd.special(7)); "" when
// there is none.
std::string unit_of_cgroup(std::string_view cgroup);

// Why a unit must not be restarted without explicit permission ("" when it may be): the
// SSH daemon (restarting it can cut the session that deploys) and databases.
std::string protection_of(const std::string& unit, const std::vector<std::string>& commands);

// The mappings grouped per unit (`cgroup_of(pid)` gives the cgroup text), units in name
// order, the processes without a unit last, each group's verdict "listed".
std::vector<ServiceRestart> coalesce_by_unit(const std::vector<DeletedMapping>& mappings,
                                             const std::function<std::string(int)>& cgroup_of);

// Applies the policy to the groups: kNever and kList leave every one "listed"; kRestart
// runs `systemctl restart UNIT` once per unit through `run` where the target runs systemd
// and the unit is not protected (or is in restart_allowed). `run` returns the command's
// result; verdicts say what happened to each group.
std::vector<ServiceRestart> apply_restart_policy(
    std::vector<ServiceRestart> groups, const DeployPolicy& policy, bool runs_systemd,
    const std::function<Expected<CommandResult>(const Command&)>& run);

}  // namespace patchplan::deploy
