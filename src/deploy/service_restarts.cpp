// Coalescing deleted-library users per unit and restarting them under the policy
// (needrestart's per-unit restarts, without its interpreter checks).
#include "deploy/service_restarts.hpp"

#include <algorithm>
#include <map>

#include "common/deb822.hpp"

namespace patchplan::deploy {
namespace {

std::string deepest_service(std::string_view path) {
  std::string found;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.size() > 8 && part.ends_with(".service")) found = std::string(part);
    start = end + 1;
  }
  return found;
}

// Name prefixes of database servers, as units and as process names.
constexpr std::string_view kDatabases[] = {"postgres", "mysql",   "mariadb",    "mongod",
                                           "redis",    "valkey",  "memcached",  "cassandra",
                                           "etcd",     "influxd", "clickhouse", "couchdb"};

}  // namespace

std::string unit_of_cgroup(std::string_view cgroup) {
  std::string v1;
  std::size_t start = 0;
  while (start < cgroup.size()) {
    std::size_t end = cgroup.find('\n', start);
    if (end == std::string_view::npos) end = cgroup.size();
    std::string_view line = cgroup.substr(start, end - start);
    start = end + 1;
    if (line.starts_with("0::")) {
      std::string unit = deepest_service(line.substr(3));
      if (!unit.empty()) return unit;
    }
    std::size_t named = line.find(":name=systemd:");
    if (named != std::string_view::npos) v1 = deepest_service(line.substr(named + 14));
  }
  return v1;
}

std::string protection_of(const std::string& unit, const std::vector<std::string>& commands) {
  auto is_ssh = [](std::string_view name) {
    return name == "sshd" || name == "ssh.service" || name == "sshd.service" ||
           name.starts_with("sshd@");
  };
  auto is_database = [](std::string_view name) {
    return std::any_of(std::begin(kDatabases), std::end(kDatabases),
                       [&](std::string_view prefix) { return name.starts_with(prefix); });
  };
  bool ssh = is_ssh(unit) || std::any_of(commands.begin(), commands.end(), is_ssh);
  if (ssh) return "protected: the SSH daemon is restarted only with explicit permission";
  bool database = is_database(unit) || std::any_of(commands.begin(), commands.end(), is_database);
  if (database) return "protected: a database is restarted only with explicit permission";
  return "";
}

std::vector<ServiceRestart> coalesce_by_unit(const std::vector<DeletedMapping>& mappings,
                                             const std::function<std::string(int)>& cgroup_of) {
  std::map<std::string, ServiceRestart> units;
  ServiceRestart loose;
  for (const auto& mapping : mappings) {
    std::string unit = unit_of_cgroup(cgroup_of(mapping.pid));
    ServiceRestart& group = unit.empty() ? loose : units[unit];
    group.unit = unit;
    if (std::find(group.pids.begin(), group.pids.end(), mapping.pid) != group.pids.end()) continue;
    group.pids.push_back(mapping.pid);
    group.commands.push_back(mapping.command);
  }
  std::vector<ServiceRestart> out;
  for (auto& [name, group] : units) out.push_back(std::move(group));
  if (!loose.pids.empty()) out.push_back(std::move(loose));
  for (auto& group : out) group.verdict = "listed";
  return out;
}

std::vector<ServiceRestart> apply_restart_policy(
    std::vector<ServiceRestart> groups, const DeployPolicy& policy, bool runs_systemd,
    const std::function<Expected<CommandResult>(const Command&)>& run) {
  if (policy.restart != RestartPolicy::kRestart) return groups;
  for (auto& group : groups) {
    const auto& allowed = policy.restart_allowed;
    bool permitted = std::find(allowed.begin(), allowed.end(), group.unit) != allowed.end();
    std::string protection = protection_of(group.unit, group.commands);
    if (group.unit.empty()) {
      group.verdict = "not restarted: in no service unit, restart by hand";
    } else if (!protection.empty() && !permitted) {
      group.verdict = protection;
    } else if (!runs_systemd) {
      group.verdict = "not restarted: systemd does not run on the target";
    } else {
      auto result = run(make_command(Tool::kPlain, {"systemctl", "restart", group.unit}));
      if (!result) {
        group.verdict = "restart failed: " + result.error().message;
      } else if (!result->succeeded()) {
        group.verdict = fmt::format("restart failed: exit code {}", result->exit_code);
        std::string_view said = trim(result->output);
        if (!said.empty()) group.verdict += ": " + std::string(said.substr(said.rfind('\n') + 1));
      } else {
        group.verdict = "restarted";
      }
    }
  }
  return groups;
}

}  // namespace patchplan::deploy
