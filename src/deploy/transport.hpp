// Transport: how the deployment reaches one target (the local host, or a root: tree).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "deploy/command.hpp"
#include "deploy/package_lock.hpp"

namespace patchplan::deploy {

// A process on the target that still maps a file deleted since it was loaded.
struct DeletedMapping {
  int pid = 0;
  std::string command;  // /proc/PID/comm
  std::string path;     // the mapped path as the target sees it, " (deleted)" removed
};

// The operations the deployment needs on a target. Everything that changes a target goes
// through run() with an argument vector; nothing builds a shell line from input.
class Transport {
 public:
  virtual ~Transport() = default;

  // The target as the user named it: "local" or "root:/srv/hosts/web1".
  [[nodiscard]] virtual std::string name() const = 0;

  // The target's file tree as this machine sees it ("/" for the local host, DIR for
  // root:DIR): apt's configuration and lists are read in-process through RootFs over it.
  [[nodiscard]] virtual std::string local_tree() const = 0;

  // The command as it will run on this target (apt and dpkg pointed at the target).
  [[nodiscard]] virtual Command adapt(const Command& command) const = 0;

  // Runs adapt(command); see run_command for what is an error and what a result.
  virtual Expected<CommandResult> run(const Command& command) = 0;

  // Reads a file of the target (path as the target sees it) of at most `max_bytes`.
  virtual Expected<std::string> read_file(std::string_view path,
                                          std::size_t max_bytes = 64u << 20) = 0;

  // True when the path exists on the target.
  virtual bool exists(std::string_view path) = 0;

  // Names in a directory of the target, sorted; kNotFound when it does not exist.
  virtual Expected<std::vector<std::string>> list_dir(std::string_view path) = 0;

  // Copies the target's file `path` to `local_path` on this machine.
  virtual Status fetch_file(std::string_view path, const std::string& local_path) = 0;

  // A path on the target under which apt and dpkg can read `local_path` of this machine
  // (the file itself for local and root targets).
  virtual Expected<std::string> stage_file(const std::string& local_path) = 0;

  // Free bytes for an unprivileged writer on the file system holding `path`.
  virtual Expected<std::uint64_t> free_bytes(std::string_view path) = 0;

  // Takes dpkg's frontend lock and then its database lock, as apt and unattended-upgrades
  // do (dpkg frontend-api.txt), waiting up to `timeout`; see PackageLock.
  virtual Expected<PackageLock> lock_package_system(std::chrono::milliseconds timeout) = 0;

  // Processes of the target that map deleted files (from /proc/*/maps).
  virtual Expected<std::vector<DeletedMapping>> deleted_mappings() = 0;

  // True when systemd is the target's init (/run/systemd/system exists): failed units can
  // be counted there.
  virtual bool runs_systemd() = 0;

  // The target's current boot, as a text that changes when it restarts: the kernel's
  // boot_id for the local host; for a root tree that a container runs from, that
  // container's init (its pid and start time). kConflict for a tree nothing boots from.
  virtual Expected<std::string> boot_identity() = 0;

  // Asks the target's init for a reboot and returns once asked: the target goes down after
  // (the local host takes patchplan with it). kConflict as for boot_identity.
  virtual Expected<CommandResult> request_reboot(std::chrono::milliseconds timeout) = 0;

  // Waits, at most `timeout`, until the target's systemd has finished starting up (systemctl
  // is-system-running --wait); returns at once where no systemd runs.
  virtual void wait_for_startup(std::chrono::milliseconds timeout) = 0;
};

// Opens a target named "local", "root:DIR" or "chrootless:DIR" (a tree without a shell,
// whose maintainer scripts run on this machine; "root:" refuses such a tree). For a tree,
// `work_dir` (created, owned by patchplan) receives the APT_CONFIG file and the dpkg
// wrapper that keep apt and dpkg inside DIR. kUsage for any other name, kNotFound for a
// missing DIR.
Expected<std::unique_ptr<Transport>> open_transport(std::string_view target,
                                                    const std::string& work_dir);

}  // namespace patchplan::deploy
