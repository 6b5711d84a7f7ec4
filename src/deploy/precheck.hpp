// Pre-checks of one host before a change: dpkg not interrupted, space for download and
// unpack, the planned versions still apt's candidates, and what the change would bring
// along (held packages, locally changed conffiles, new dependencies, removals).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "deploy/change_request.hpp"
#include "deploy/host_packages.hpp"
#include "deploy/transport.hpp"

namespace patchplan::deploy {

struct PrecheckReport {
  std::string native_architecture;
  std::map<std::string, HostPackage> packages;  // the host's dpkg database, "name:arch"
  std::vector<std::string> blockers;            // each refuses the host: "what: how to repair"
  std::vector<std::string> repaired;            // repair commands run (policy repair_interrupted)
  std::vector<std::string> held;                // planned packages on hold
  std::vector<std::string> conffiles;           // locally changed conffiles of upgraded packages
  std::vector<SimulatedAction> actions;         // everything apt-get install would do
  // Who decided `actions`: "patchplan" (the pins alone are consistent), or "apt-get -s: "
  // and why the in-process check left it to apt.
  std::string resolver;
  std::vector<std::string> new_dependencies;  // packages the change installs beyond the plan
  std::vector<std::string> already_planned;   // pins already installed at their version
  ArchiveSizes sizes;
  std::uint64_t free_archive_bytes = 0;
  std::uint64_t free_root_bytes = 0;
  bool reboot_required = false;
  std::vector<std::string> reboot_packages;  // from /run/reboot-required.pkgs
  int failed_units = -1;                     // systemd's failed units; -1 without systemd

  [[nodiscard]] bool passed() const { return blockers.empty(); }
  // apt-get's "name=version" words of the pins not yet installed.
  std::vector<std::string> install_words;
};

// Runs every pre-check on a host whose package lock the caller holds. Problems of the host
// are blockers in the report; errors are for commands that cannot run or fail unexpectedly.
Expected<PrecheckReport> run_prechecks(Transport& transport, const ChangeRequest& request);

// The interrupted-dpkg problems of a host: a journal file in <admindir>/updates/ (a name
// of digits, apt's debSystem::CheckUpdates) and packages left half-installed, unpacked,
// half-configured, awaiting triggers or with reinstreq, each with its repair command.
std::vector<std::string> interrupted_dpkg(Transport& transport,
                                          const std::map<std::string, HostPackage>& packages);

// Runs dpkg's repair on a host: `dpkg --configure -a`, then `apt-get install --reinstall`
// of each reinstreq package at its recorded version (dpkg --configure -a does not repair
// those: shared lab notes 1.2). The commands' results are returned, not judged.
Expected<std::vector<std::string>> repair_interrupted_dpkg(
    Transport& transport, const std::map<std::string, HostPackage>& packages,
    bool keep_old_conffiles);

// The environment of every apt and dpkg run that changes a host.
std::map<std::string, std::string> noninteractive_environment();

// -o Dpkg::Options for the conffile policy.
std::vector<std::string> conffile_options(bool keep_old_conffiles);

}  // namespace patchplan::deploy
