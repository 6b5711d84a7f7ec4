// ChangeRequest: what one deployment must do, on which hosts, under which policy. The
// plan's approved waves are turned into one of these; `patchplan deploy` reads it as JSON.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "store/timestamp.hpp"

namespace patchplan::deploy {

// One exact package version to install.
struct PackagePin {
  std::string name;
  std::string architecture;
  std::string version;

  // The name apt knows it by on a host of `native_architecture`: plain for "all" and the
  // native architecture, "name:arch" otherwise.
  [[nodiscard]] std::string apt_name(std::string_view native_architecture) const;
  friend bool operator==(const PackagePin&, const PackagePin&) = default;
};

// A user-defined health gate, run after apply on every host.
struct HealthCheck {
  enum class Kind { kCommand, kTcp, kHttp };
  Kind kind = Kind::kCommand;
  std::string name;
  std::vector<std::string> argv;   // kCommand: runs on the target (root: PATCHPLAN_ROOT set)
  int expected_exit = 0;           // kCommand
  std::string host = "127.0.0.1";  // kTcp, kHttp (http://host:port/path)
  int port = 0;                    // kTcp
  std::string url;                 // kHttp: http:// or https://
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
};

// Halts the rollout when more hosts than this failed: an absolute number, or a percentage
// of the hosts of a ring (rounded down). The default halts at the first failure.
struct FailureThreshold {
  int absolute = 0;
  std::optional<int> percent;

  [[nodiscard]] int allowed_failures(int ring_size) const {
    return percent ? ring_size * *percent / 100 : absolute;
  }
};

// What happens to services that still map deleted files after a change.
enum class RestartPolicy { kNever, kList, kRestart };

struct DeployPolicy {
  int concurrency = 1;  // hosts deployed at once, within a ring
  FailureThreshold failure_threshold;
  std::chrono::seconds soak{0};  // wait after a ring succeeded, before the next one
  bool reboot_allowed = false;   // else a host that needs one is "patched, reboot pending"
  std::chrono::milliseconds reboot_timeout{std::chrono::minutes(10)};  // until it is back
  bool repair_interrupted = false;  // run dpkg's repair command instead of refusing
  bool allow_held = false;          // install held packages (else the host is refused)
  bool require_candidate = true;    // planned versions must be apt's candidates (else only
                                    // available from the host's sources)
  bool keep_old_conffiles = true;   // --force-confold (false: --force-confnew)
  std::chrono::milliseconds lock_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds apply_timeout{std::chrono::minutes(30)};
  std::uint64_t min_free_bytes = 16u << 20;  // beyond the download and unpack sizes
  std::vector<HealthCheck> checks;
  RestartPolicy restart = RestartPolicy::kList;  // kRestart: systemctl restart per unit
  std::vector<std::string> restart_allowed;      // protected units (sshd, databases) allowed
};

struct HostTarget {
  std::string name;    // the host's name in the journal and the store
  std::string target;  // "local", "root:DIR" or "chrootless:DIR"
  int ring = 0;        // rings run in ascending order; the lowest is the canary
  // This host's own exact versions (a plan's wave host); empty: the request's packages.
  std::vector<PackagePin> packages;
  // This host's window (a plan's wave); it never starts outside it, nor outside the
  // request's window_end.
  std::optional<store::Timestamp> window_start;
  std::optional<store::Timestamp> window_end;
  // Whether this host may reboot in its window (a plan's wave host, from its class's
  // reboot policy); unset: the request's policy decides.
  std::optional<bool> reboot_allowed;
};

// The stored plan a change carries out (patchplan deploy --plan): journaled with it.
struct PlanReference {
  std::int64_t id = 0;
  std::string period;  // "2026-12"
  std::int64_t version = 0;
  std::string digest;  // SHA-256 of the stored plan document
};

struct ChangeRequest {
  std::string change_id;  // [A-Za-z0-9._-]{1,64}
  std::string reason;
  std::vector<HostTarget> hosts;
  std::vector<PackagePin> packages;            // may be empty when every host has its own
  std::optional<store::Timestamp> window_end;  // no host starts at or after this instant
  DeployPolicy policy;
  std::optional<PlanReference> plan;

  // The pins of host `name`: its own, else the request's.
  [[nodiscard]] const std::vector<PackagePin>& packages_of(std::string_view name) const;
};

// Reads a request document (the keys change_request_json writes); `source` names it in
// errors. Unknown keys, missing required ones, duplicate hosts or packages, and bad values
// are kInvalidInput.
Expected<ChangeRequest> parse_change_request(std::string_view json, std::string_view source);

// The request as the canonical JSON document parse_change_request reads back.
std::string change_request_json(const ChangeRequest& request);

}  // namespace patchplan::deploy
