// The synthetic fleet of the plan benchmarks: 10,000 hosts in five zones and three classes
// with their pending updates and findings, as planner input and as stored snapshots.
#pragma once

#include <string>
#include <vector>

#include "plan/host_findings.hpp"

namespace patchplan::bench {

inline constexpr int kFleetHosts = 10'000;
inline constexpr int kUpdatesPerHost = 40;
inline constexpr int kFindingsPerHost = 20;

// The policy (classes standard, vital, lab over the default windows and rings) and the
// hosts file (every 100th host tagged canary) of the fleet.
extern const char* const kFleetPolicy;
std::string fleet_hosts_yaml(int hosts);

// Host i: 40 pending updates of 600 package names (a quarter security, first seen in the
// last three days) and 20 findings on them (1 in 97 KEV, urgencies high/medium/low, some
// EPSS), each discovered when its package was first seen.
std::vector<plan::HostFindings> fleet_findings(int hosts, plan::Instant now);

// `host` as the assessment document `patchplan assess` stores (pending_updates and
// vulnerabilities.findings), which plan::host_findings_from_snapshot reads back.
std::string fleet_snapshot(const plan::HostFindings& host);

}  // namespace patchplan::bench
