// A plan: dated waves of hosts and exact package versions, with deadlines and what could
// not be scheduled. The planner's output, stored, shown, diffed and exported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plan/policy.hpp"
#include "plan/zone.hpp"

namespace patchplan::plan {

// Whether a scheduled start meets a due date: met with room, met by less than the
// policy's near_breach margin, or after the due date.
enum class DueState { kMet, kNearBreach, kBreached };
std::string_view due_state_name(DueState state);

struct FindingDue {
  std::string vulnerability;
  Tier tier = Tier::kMinor;
  std::string because;  // the tier rule's phrase
  Instant discovered;
  Instant due;
  DueState state = DueState::kMet;
};

struct PlannedUpdate {
  std::string package;
  std::string architecture;
  std::string installed_version;
  std::string candidate_version;  // the exact version to install
  Tier tier = Tier::kMinor;
  std::string tier_reason;
  Instant first_seen;
  Instant due;
  DueState state = DueState::kMet;
  bool needs_approval = false;
  bool needs_reboot = false;
  std::string note;  // e.g. "no emergency window: the earliest window is used"
  std::vector<FindingDue> findings;
};

struct WaveHost {
  std::string host;
  Instant slot;  // when this host starts, inside the window
  LocalTime local_slot;
  // "reboot", "reboot allowed", "no reboot" (allowed if one turns out to be needed),
  // "reboot deferred (policy: never)", "no reboot (policy: never)".
  std::string reboot;
  bool rescheduled = false;  // it missed an earlier window
  std::vector<PlannedUpdate> updates;
};

struct Wave {
  int number = 0;  // 1.. in time order
  std::string ring;
  std::size_t ring_order = 0;
  std::string window;
  WindowKind kind = WindowKind::kRegular;
  std::string zone;
  LocalTime local_start;
  LocalTime local_end;
  Instant start;
  Instant end;
  std::vector<WaveHost> hosts;  // by name
};

// A deadline the schedule cannot meet: an emergency change to raise, with the reason.
struct EmergencyChange {
  std::string host;
  std::string package;
  std::string candidate_version;
  std::string vulnerability;  // "" when the update itself is late, not one finding
  Tier tier = Tier::kMinor;
  Instant due;
  std::optional<Instant> scheduled;  // the host's slot in its next feasible window
  std::string reason;
};

struct NearBreach {
  std::string host;
  std::string package;
  std::string vulnerability;
  Instant due;
  Instant scheduled;
};

struct MissedWindow {
  std::string host;
  std::string window;
  Instant missed_start;                // the last window it was pending through
  std::optional<Instant> rescheduled;  // the next feasible one, if any
};

struct HostNote {
  std::string host;
  std::string reason;
};

// An update left out of the waves: excluded or held by a rule, or with no feasible window.
struct SkippedUpdate {
  std::string host;
  std::string package;
  std::string candidate_version;
  std::string reason;  // "excluded by 'linux-image-*'", "held by 'openssl'", ...
};

struct BlackedOut {
  std::string window;
  std::string zone;
  Instant start;
};

struct Plan {
  Instant now;
  Instant from;
  Instant until;
  std::string policy;  // the policy file's name
  std::vector<Wave> waves;
  std::vector<EmergencyChange> emergencies;
  std::vector<NearBreach> near_breaches;
  std::vector<MissedWindow> missed_windows;
  std::vector<HostNote> hosts_without_window;
  std::vector<SkippedUpdate> excluded;
  std::vector<SkippedUpdate> held;
  std::vector<SkippedUpdate> unscheduled;
  std::vector<std::string> unclassified;  // assessed, missing from the hosts file
  std::vector<std::string> not_assessed;  // in the hosts file, no assessment
  std::vector<BlackedOut> blacked_out;    // occurrences dropped by blackouts
};

}  // namespace patchplan::plan
