// Health gates after a change: the planned versions installed and configured, no more
// failed systemd units than before, the policy's own checks; deleted-library users listed.
#pragma once

#include <string>
#include <vector>

#include "common/expected.hpp"
#include "deploy/change_request.hpp"
#include "deploy/transport.hpp"

namespace patchplan::deploy {

struct HealthReport {
  std::vector<std::string> failures;             // one line per failed gate
  std::vector<std::string> passed;               // one line per passed check
  std::vector<DeletedMapping> deleted_mappings;  // listed, never restarted here
  int failed_units = -1;

  [[nodiscard]] bool healthy() const { return failures.empty(); }
};

// Runs the gates on a host. `failed_units_before` is the count of the pre-checks (-1: not
// counted). Errors only when the host's package state cannot be read.
Expected<HealthReport> run_health_gates(Transport& transport, const ChangeRequest& request,
                                        std::string_view native_architecture,
                                        int failed_units_before);

// Runs one user check and returns "" when it passed, else why it failed.
std::string run_check(Transport& transport, const HealthCheck& check);

// systemd's failed units on the host, -1 where systemd does not run.
int count_failed_units(Transport& transport);

}  // namespace patchplan::deploy
