// A real systemd, with its D-Bus system bus, booted for a test in namespaces of its own, so
// that probes and health gates that talk to systemd are tested against the real thing on a
// machine whose PID 1 is not systemd.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/tests/run_process.hpp"
#include "common/tests/test_files.hpp"

namespace patchplan::testing {

// The system manager runs as PID 1 of new PID, mount, cgroup, UTS, IPC and network
// namespaces. Its root is a temporary folder: the machine's /usr bound read-only, a fresh
// /etc holding the test's units, private /dev, /run and /tmp, /proc/sys and /sys
// read-only, and a cgroup2 hierarchy rooted at a child of the caller's cgroup (so nothing
// it does reaches the machine's own cgroups). Needs root. The destructor powers it off and
// removes its cgroup and folder.
class SystemdSandbox {
 public:
  struct Options {
    std::map<std::string, std::string> units;  // file name ("alpha.service") -> unit text
    std::vector<std::string> wanted;           // units wanted by multi-user.target
    std::vector<std::string> masked;           // units linked to /dev/null
    // The tree to boot from (a container's root, kept after the sandbox ends); empty: a
    // temporary folder of the sandbox's own. Booting the same tree again is a reboot.
    std::string root;
  };

  // Boots and waits until the manager reports "running" or "degraded"; an error string
  // (why it could not) otherwise.
  static std::unique_ptr<SystemdSandbox> boot(const Options& options, std::string& error);

  ~SystemdSandbox();
  SystemdSandbox(const SystemdSandbox&) = delete;
  SystemdSandbox& operator=(const SystemdSandbox&) = delete;

  // The system bus as seen from outside: "unix:path=/proc/PID/root/run/dbus/system_bus_socket",
  // for DBUS_SYSTEM_BUS_ADDRESS.
  [[nodiscard]] std::string bus_address() const;

  // Runs `argv` inside the sandbox (its namespaces and root).
  ProcessResult run(const std::vector<std::string>& argv) const;

  [[nodiscard]] pid_t manager_pid() const { return manager_; }

  // Waits until the manager has ended by itself (a reboot or power-off asked inside);
  // false when it still runs after `timeout`.
  bool wait_for_exit(std::chrono::milliseconds timeout);

 private:
  SystemdSandbox() = default;
  bool start(const Options& options, std::string& error);
  void stop();

  TempDir dir_;
  std::string cgroup_;  // the sandbox's cgroup folder in the caller's cgroup2 hierarchy
  pid_t unshare_ = -1;  // our child: the `unshare` process that waits for the namespace
  pid_t manager_ = -1;  // systemd, PID 1 inside
};

}  // namespace patchplan::testing
