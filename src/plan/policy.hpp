// The patching policy: deadlines per tier, asset classes, maintenance windows, blackouts,
// rings, spreading and package rules, as loaded from a policy YAML file.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "assessment/update_priority.hpp"
#include "vulns/ranking_policy.hpp"

namespace patchplan::plan {

using assessment::Tier;
using Seconds = std::chrono::seconds;

// Where a value was written, for errors found after loading ("FILE:LINE").
struct SourceLocation {
  std::string file;
  int line = 0;
};

enum class Criticality { kCritical, kHigh, kNormal, kLow };
enum class Environment { kProd, kStaging, kTest, kDev };

// Which tiers a window serves: regular windows take important and minor updates, monthly
// ones take minor updates first, emergency ones take critical updates only.
enum class WindowKind { kRegular, kMonthly, kEmergency };

// Whether a host may reboot in its window.
enum class RebootPolicy { kAllowed, kIfRequired, kNever };

std::string_view criticality_name(Criticality value);
std::string_view environment_name(Environment value);
std::string_view window_kind_name(WindowKind value);
std::string_view reboot_policy_name(RebootPolicy value);

// A maintenance window: an RFC 5545 RRULE expanded from `anchor` at local time `start`
// in `timezone` ("" = the host's zone), lasting `duration`.
struct WindowSpec {
  std::string name;
  std::string rrule;
  std::string anchor = "2026-01-01";  // DTSTART date of the recurrence
  int start_minute = 0;               // minutes after local midnight
  Seconds duration{0};
  std::string timezone;
  WindowKind kind = WindowKind::kRegular;
  SourceLocation where;
};

// A change freeze: either a range of local dates [from, until] (both inclusive, whole
// days) or a recurrence like a window. Windows overlapping it are dropped.
struct Blackout {
  std::string name;
  std::string from;   // YYYY-MM-DD, range form
  std::string until;  // YYYY-MM-DD, range form
  std::optional<WindowSpec> recurrence;
  std::string timezone;  // "" = the host's zone
  SourceLocation where;
};

// A ring: hosts join the first ring (in order) whose tags or name globs match, then the
// percentage rings by a stable hash of the name; the rest join the last ring. A later
// ring installs a change only `soak` after the earlier ring's window ended.
struct Ring {
  std::string name;
  std::vector<std::string> tags;
  std::vector<std::string> names;  // fnmatch(3) globs on the host name
  std::optional<int> percentage;   // 1..100
  Seconds soak{0};
  SourceLocation where;
};

struct AssetClass {
  std::string name;
  Criticality criticality = Criticality::kNormal;
  Environment environment = Environment::kProd;
  std::vector<std::string> roles;
  std::vector<std::string> tags;
  std::vector<std::string> windows;  // names of WindowSpecs
  std::optional<RebootPolicy> reboot;
  // The class's own finding -> tier rules, replacing the policy's tier_rules for its hosts
  // (the policy's tier_fallback still applies when none matches); unset: the policy's.
  std::optional<std::vector<vulns::RankingRule>> tier_rules;
  SourceLocation where;
};

// Package rules, globs on binary package names (fnmatch(3)). `release` names exceptions
// to `hold`.
struct PackageRules {
  std::vector<std::string> exclude;
  std::vector<std::string> hold;
  std::vector<std::string> release;
  std::vector<std::string> require_approval;
  std::vector<std::string> reboot_required;
  RebootPolicy reboot = RebootPolicy::kIfRequired;
};

// A health check run on every host after its updates are installed (`patchplan deploy`):
// exactly one of `command` (an argument vector, never a shell line), `tcp` ("HOST:PORT")
// or `http` ("http://HOST[:PORT]/PATH", 2xx expected).
struct DeploymentCheck {
  std::string name;
  std::vector<std::string> command;
  int expected_exit = 0;
  std::string tcp;
  std::string http;
  Seconds timeout{10};
};

// How `patchplan deploy --plan` carries out the plan's waves: the same rules a change
// request's "policy" gives (docs/change-request.md).
struct DeploymentRules {
  int concurrency = 1;                 // hosts at once within a ring
  int failure_threshold = 0;           // failed hosts a ring may have before the rollout halts
  std::optional<int> failure_percent;  // instead, a percentage of the ring's hosts
  std::vector<DeploymentCheck> checks;
  std::string restart = "list";  // never | list | restart
  std::vector<std::string> restart_allowed;
  bool keep_old_conffiles = true;
  bool repair_interrupted = false;
  Seconds lock_timeout{60};
  Seconds apply_timeout{30 * 60};
};

struct Spreading {
  int portion = 50;      // percent of the window in which hosts start
  Seconds step{5 * 60};  // slot granularity
};

struct Policy {
  std::string file;                    // where it was loaded from ("<default>" when built in)
  std::array<Seconds, 3> deadlines{};  // indexed by Tier
  std::map<Criticality, double> criticality_factor;  // multiplies deadlines
  Seconds near_breach{48 * 3600};  // a deadline met by less than this is a near-breach
  std::string timezone = "UTC";    // hosts that name no zone
  std::string default_class;
  std::map<std::string, AssetClass> classes;
  std::map<std::string, WindowSpec> windows;
  std::vector<Blackout> blackouts;
  std::vector<Ring> rings;
  Spreading spreading;
  PackageRules packages;
  vulns::RankingPolicy tier_rules;
  DeploymentRules deploy;

  [[nodiscard]] Seconds deadline(Tier tier, Criticality criticality) const;

  // The tier rules for hosts of `asset`: its own rules with the policy's fallback, else the
  // policy's tier_rules.
  [[nodiscard]] vulns::RankingPolicy tier_rules_for(const AssetClass& asset) const;
};

}  // namespace patchplan::plan
