// The apt commands that change a host: download, install exactly the planned versions,
// and roll back to a checkpoint. Built in one place so that --dry-run shows what runs.
#pragma once

#include <string>
#include <vector>

#include "deploy/change_request.hpp"
#include "deploy/checkpoint.hpp"
#include "deploy/command.hpp"

namespace patchplan::deploy {

// apt-get --download-only install of `words` ("name=version"), with the apply timeout.
Command download_command(const std::vector<std::string>& words, const DeployPolicy& policy);

// apt-get install of exactly `words`: noninteractive, stdin closed by the runner, conffile
// policy (keep old by default), no recommends, needrestart suspended, apt's locking off
// (the frontend lock is patchplan's; dpkg takes its own with DPKG_FRONTEND_LOCKED=1).
Command install_command(const std::vector<std::string>& words, const DeployPolicy& policy);

// apt-get install --allow-downgrades of the kept .debs (paths as the target sees them, in
// `staged_debs`) plus "name-" for each package the change newly installed.
Command rollback_command(const std::vector<std::string>& staged_debs,
                         const std::vector<std::string>& removals, const DeployPolicy& policy);

}  // namespace patchplan::deploy
