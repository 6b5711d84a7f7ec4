// The holder and bash processes of a fix run; after fork only system calls are made.
#include "harden/fix_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

namespace patchplan::harden::detail {
namespace {

// Status messages from the holder: {kind, step, value}.
enum MessageKind : int { kExited = 0, kSetupFailed = 1 };

// Steps that are not mounts, numbered after them.
enum ExtraStep : int { kUnshare = 0, kPrivate, kFork, kChroot, kExec, kExtraSteps };

struct Message {
  int kind = 0;
  int step = 0;
  int value = 0;
};

void send(int fd, int kind, int step, int value) {
  const Message message{kind, step, value};
  [[maybe_unused]] const ssize_t written = ::write(fd, &message, sizeof message);
}

[[noreturn]] void fail(int fd, int step) {
  send(fd, kSetupFailed, step, errno);
  _exit(126);
}

struct ChildArgs {
  const SandboxSpec* spec;
  const char* const* argv;
  const char* const* envp;
  int output;
  int status;
  int release;
  int null_fd;
  int parent_ends[3];  // the parent's ends of the three pipes, closed in the holder
};

[[noreturn]] void run_bash(const ChildArgs& args, int base) {
  if (::dup2(args.status, 3) < 0 || ::dup2(args.null_fd, 0) < 0 || ::dup2(args.output, 1) < 0 ||
      ::dup2(args.output, 2) < 0) {
    fail(args.status, base + kExec);
  }
  ::close_range(4, ~0U, 0);
  ::fcntl(3, F_SETFD, FD_CLOEXEC);
  if (!args.spec->chroot_dir.empty() && ::chroot(args.spec->chroot_dir.c_str()) != 0) {
    fail(3, base + kChroot);
  }
  if (::chdir("/") != 0) fail(3, base + kChroot);
  ::signal(SIGPIPE, SIG_DFL);
  ::execve("/bin/bash", const_cast<char* const*>(args.argv), const_cast<char* const*>(args.envp));
  fail(3, base + kExec);
}

[[noreturn]] void run_holder(const ChildArgs& args) {
  const SandboxSpec& spec = *args.spec;
  const int base = static_cast<int>(spec.mounts.size());
  for (const int fd : args.parent_ends) ::close(fd);
  ::setpgid(0, 0);
  if (spec.new_namespace) {
    if (::unshare(CLONE_NEWNS) != 0) fail(args.status, base + kUnshare);
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
      fail(args.status, base + kPrivate);
    }
  }
  for (std::size_t i = 0; i < spec.mounts.size(); ++i) {
    const MountOp& op = spec.mounts[i];
    const int step = static_cast<int>(i);
    for (const std::string& dir : op.make_dirs) {
      if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) fail(args.status, step);
    }
    if (::mount(op.source.c_str(), op.target.c_str(),
                op.fstype.empty() ? nullptr : op.fstype.c_str(), op.flags,
                op.data.empty() ? nullptr : op.data.c_str()) != 0) {
      fail(args.status, step);
    }
    if (op.readonly_tree) {
      mount_attr attr{};
      attr.attr_set = MOUNT_ATTR_RDONLY;
      if (::mount_setattr(AT_FDCWD, op.target.c_str(), AT_RECURSIVE, &attr, sizeof attr) != 0) {
        fail(args.status, step);
      }
    }
  }
  const pid_t bash = ::fork();
  if (bash < 0) fail(args.status, base + kFork);
  if (bash == 0) run_bash(args, base);
  ::close(args.output);
  int status = 0;
  while (::waitpid(bash, &status, 0) < 0 && errno == EINTR) {
  }
  send(args.status, kExited, 0, status);
  char byte = 0;
  while (::read(args.release, &byte, 1) < 0 && errno == EINTR) {
  }
  _exit(0);
}

Expected<std::pair<UniqueFd, UniqueFd>> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return make_error(ErrorCode::kIo, "cannot create a pipe: {}", std::strerror(errno));
  }
  return std::pair{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

}  // namespace

Expected<FixProcess> FixProcess::start(const std::string& script, const SandboxSpec& spec) {
  std::vector<std::string> steps;
  for (const MountOp& op : spec.mounts) steps.push_back(op.what);
  steps.insert(steps.end(),
               {"private mount namespace", "private mount propagation", "process for bash",
                fmt::format("chroot into '{}'", spec.chroot_dir), "exec of /bin/bash"});
  auto output = make_pipe();
  if (!output) return output.error();
  auto status = make_pipe();
  if (!status) return status.error();
  auto release = make_pipe();
  if (!release) return release.error();
  // stdin: a pipe already closed at its other end, so reads see end of file at once (no
  // /dev/null needed in the root).
  auto empty_input = make_pipe();
  if (!empty_input) return empty_input.error();
  empty_input->second.reset();
  const UniqueFd& null_fd = empty_input->first;
  const char* argv[] = {"bash", "-c", script.c_str(), nullptr};
  const char* envp[] = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                        "HOME=/root", "LANG=C", "SHELL=/bin/bash", nullptr};
  const ChildArgs args{&spec,
                       argv,
                       envp,
                       output->second.get(),
                       status->second.get(),
                       release->first.get(),
                       null_fd.get(),
                       {output->first.get(), status->first.get(), release->second.get()}};
  const pid_t holder = ::fork();
  if (holder < 0) {
    return make_error(ErrorCode::kIo, "cannot start a process for a fix: {}", std::strerror(errno));
  }
  if (holder == 0) run_holder(args);
  ::setpgid(holder, holder);
  return FixProcess(holder, std::move(output->first), std::move(status->first),
                    std::move(release->second), std::move(steps));
}

Expected<FixOutcome> FixProcess::wait(std::chrono::milliseconds timeout, std::size_t max_output) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + timeout;
  FixOutcome outcome;
  std::optional<Message> exited;
  std::optional<Message> failed;
  bool output_open = true;
  bool status_open = true;
  while ((output_open || (status_open && !exited)) && !failed) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      outcome.timed_out = true;
      break;
    }
    pollfd fds[2] = {{output_open ? output_.get() : -1, POLLIN, 0},
                     {status_open ? status_.get() : -1, POLLIN, 0}};
    const int ready = ::poll(fds, 2, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno != EINTR) {
      return make_error(ErrorCode::kIo, "cannot wait for a fix: {}", std::strerror(errno));
    }
    if (ready <= 0) continue;
    if (fds[0].revents != 0) {
      char buffer[4096];
      const ssize_t got = ::read(output_.get(), buffer, sizeof buffer);
      if (got <= 0) {
        output_open = got < 0 && errno == EINTR;
      } else if (outcome.output.size() < max_output) {
        const std::size_t keep =
            std::min(static_cast<std::size_t>(got), max_output - outcome.output.size());
        outcome.output.append(buffer, keep);
        outcome.output_cut = outcome.output_cut || keep < static_cast<std::size_t>(got);
      } else {
        outcome.output_cut = true;
      }
    }
    if (fds[1].revents != 0) {
      Message message;
      const ssize_t got = ::read(status_.get(), &message, sizeof message);
      if (got == static_cast<ssize_t>(sizeof message)) {
        (message.kind == kExited ? exited : failed) = message;
      } else if (!(got < 0 && errno == EINTR)) {
        status_open = false;
      }
    }
  }
  if (outcome.timed_out) {
    ::kill(-holder_, SIGKILL);
    release();
    return outcome;
  }
  if (failed) {
    const std::size_t step = static_cast<std::size_t>(failed->step);
    const std::string name = step < steps_.size() ? steps_[step] : "setup";
    release();
    return make_error(ErrorCode::kIo, "cannot run a fix: {} failed: {}", name,
                      std::strerror(failed->value));
  }
  if (!exited) {
    release();
    return make_error(ErrorCode::kIo, "cannot run a fix: its holder process ended early");
  }
  const int status = exited->value;
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  return outcome;
}

void FixProcess::release() {
  if (holder_ < 0) return;
  release_.reset();
  int status = 0;
  while (::waitpid(holder_, &status, 0) < 0 && errno == EINTR) {
  }
  holder_ = -1;
}

}  // namespace patchplan::harden::detail
