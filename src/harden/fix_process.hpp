// The processes that run one fix: a holder that owns the mount namespace (and keeps it alive
// until released, so the trial's overlay can be read through /proc/PID/root) and, under it,
// bash with the script.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "common/expected.hpp"
#include "common/unique_fd.hpp"
#include "harden/fix_sandbox.hpp"

namespace patchplan::harden::detail {

// One mount(2) call of the holder, after making the directories `make_dirs` (mode 0700, in
// order); `readonly_tree` then makes the mount and every mount below it read-only
// (mount_setattr AT_RECURSIVE).
struct MountOp {
  std::string what;  // for messages, e.g. "overlay of '/srv/root'"
  std::string source;
  std::string target;
  std::string fstype;
  std::string data;
  unsigned long flags = 0;
  std::vector<std::string> make_dirs;
  bool readonly_tree = false;
};

struct SandboxSpec {
  bool new_namespace = false;  // unshare(CLONE_NEWNS) with / made recursively private
  std::vector<MountOp> mounts;
  std::string chroot_dir;  // empty: no chroot
};

class FixProcess {
 public:
  // Forks the holder, which sets up `spec` and forks bash -c `script`.
  static Expected<FixProcess> start(const std::string& script, const SandboxSpec& spec);

  FixProcess(FixProcess&& other) noexcept
      : holder_(std::exchange(other.holder_, -1)),
        output_(std::move(other.output_)),
        status_(std::move(other.status_)),
        release_(std::move(other.release_)),
        steps_(std::move(other.steps_)) {}
  FixProcess& operator=(FixProcess&&) = delete;
  FixProcess(const FixProcess&) = delete;
  FixProcess& operator=(const FixProcess&) = delete;
  ~FixProcess() { release(); }

  // Collects the output until bash and everything it started close it, then bash's status.
  // At the timeout the whole process group (holder included) is killed. A setup failure of
  // the holder (a mount, the chroot, the exec) is an error naming the step.
  Expected<FixOutcome> wait(std::chrono::milliseconds timeout, std::size_t max_output);

  // The holder's pid while it lives (its /proc/PID/root shows the namespace).
  [[nodiscard]] pid_t holder() const { return holder_; }

  // Lets the holder exit and reaps it.
  void release();

 private:
  FixProcess(pid_t holder, UniqueFd output, UniqueFd status, UniqueFd release_fd,
             std::vector<std::string> steps)
      : holder_(holder),
        output_(std::move(output)),
        status_(std::move(status)),
        release_(std::move(release_fd)),
        steps_(std::move(steps)) {}

  pid_t holder_ = -1;
  UniqueFd output_;
  UniqueFd status_;
  UniqueFd release_;
  std::vector<std::string> steps_;  // names of the holder's setup steps, for errors
};

}  // namespace patchplan::harden::detail
