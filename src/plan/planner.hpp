// The planner: a pure function of (policy, hosts, findings, now) to a Plan.
#pragma once

#include <optional>
#include <vector>

#include "common/expected.hpp"
#include "plan/host_findings.hpp"
#include "plan/hosts.hpp"
#include "plan/plan.hpp"
#include "plan/policy.hpp"

namespace patchplan::plan {

struct PlanInput {
  const Policy* policy = nullptr;
  const HostsFile* hosts = nullptr;
  std::vector<HostFindings> findings;  // one per assessed host
  Instant now;
  std::optional<Instant> from;   // default: now
  std::optional<Instant> until;  // default: from + kDefaultHorizon
};

inline constexpr std::chrono::days kDefaultHorizon{62};

// How far before `from` the planner looks for windows a host missed.
inline constexpr std::chrono::days kMissedLookback{62};

// Schedules every host's updates. Per host: class (hosts file, else the default class, and
// the host is listed as unclassified), zone, ring. Per update: excluded or held by the
// package rules, else a tier (the assessment's, raised by its findings' tiers under the
// policy's tier rules), a due date (first seen + the tier's deadline scaled by the class's
// criticality) and the first feasible occurrence of a window serving that tier: critical ->
// emergency windows (else the earliest of any, noted), important -> regular and monthly,
// minor -> monthly (else regular), never before a ring's gate (the earlier ring's window
// end for the same package version plus its soak; critical updates, emergency changes,
// do not wait for a soak). Hosts start at a slot derived from a
// hash of their name. Same input, same plan.
Expected<Plan> make_plan(const PlanInput& input);

// The slot of `host` in a window [start, start + duration): start plus a stable multiple
// of `spreading.step` within the first `spreading.portion` percent.
Instant host_slot(const std::string& host, Instant start, Seconds duration,
                  const Spreading& spreading);

// The index of the ring `host` joins (see Ring); 0 when the policy has no rings.
std::size_t ring_of(const Policy& policy, const HostEntry* entry, const std::string& host,
                    const std::vector<std::string>& class_tags);

}  // namespace patchplan::plan
