// run_command: fork and exec with a process group, a poll loop and a deadline.
#include "deploy/command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "common/unique_fd.hpp"

extern char** environ;

namespace patchplan::deploy {
namespace {

using Clock = std::chrono::steady_clock;

std::atomic<std::int64_t> total_commands{0};
std::atomic<std::int64_t> total_elapsed_us{0};

std::vector<std::string> child_environment(const Command& command) {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text = *entry;
    std::size_t eq = text.find('=');
    if (eq != std::string_view::npos) {
      variables[std::string(text.substr(0, eq))] = std::string(text.substr(eq + 1));
    }
  }
  for (const auto& [name, value] : command.environment) variables[name] = value;
  std::vector<std::string> out;
  out.reserve(variables.size());
  for (const auto& [name, value] : variables) out.push_back(name + "=" + value);
  return out;
}

// Keeps the first and the last kMaxOutput/2 bytes of a stream.
class OutputBuffer {
 public:
  void append(const char* data, std::size_t size) {
    std::size_t half = kMaxOutput / 2;
    if (head_.size() < half) {
      std::size_t take = std::min(size, half - head_.size());
      head_.append(data, take);
      data += take;
      size -= take;
    }
    if (size == 0) return;
    tail_.append(data, size);
    if (tail_.size() > half) {
      cut_ += tail_.size() - half;
      tail_.erase(0, tail_.size() - half);
    }
  }
  std::string take() {
    if (cut_ == 0) return head_ + tail_;
    return fmt::format("{}\n[... {} bytes of output not kept ...]\n{}", head_, cut_, tail_);
  }

 private:
  std::string head_;
  std::string tail_;
  std::size_t cut_ = 0;
};

[[noreturn]] void exec_child(const Command& command, int out_fd, int status_fd) {
  ::setpgid(0, 0);
  for (int fd : command.inherited_fds) {
    int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0) ::fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
  }
  int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd < 0 || ::dup2(null_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(out_fd, 2) < 0) {
    int err = errno;
    [[maybe_unused]] auto n = ::write(status_fd, &err, sizeof err);
    ::_exit(127);
  }
  if (!command.working_dir.empty() && ::chdir(command.working_dir.c_str()) != 0) {
    int err = errno;
    [[maybe_unused]] auto n = ::write(status_fd, &err, sizeof err);
    ::_exit(127);
  }
  std::vector<char*> args;
  for (const auto& arg : command.argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_text = child_environment(command);
  std::vector<char*> env;
  for (auto& entry : env_text) env.push_back(entry.data());
  env.push_back(nullptr);
  ::execvpe(args[0], args.data(), env.data());
  int err = errno;
  [[maybe_unused]] auto n = ::write(status_fd, &err, sizeof err);
  ::_exit(127);
}

// Reads the child's output until it closes the pipe or the deadline passes.
bool drain(int fd, Clock::time_point deadline, OutputBuffer& out) {
  char buffer[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd poll_fd{fd, POLLIN, 0};
    int ready = ::poll(&poll_fd, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 1000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

std::string quoted(std::string_view word) {
  bool plain = !word.empty() && word.find_first_not_of(
                                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                    "0123456789-_=+./:,@%") == std::string_view::npos;
  if (plain) return std::string(word);
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

Expected<CommandResult> run_command(const Command& command) {
  if (command.argv.empty()) return make_error(ErrorCode::kInternal, "empty command");
  int out_pipe[2];
  int status_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    return make_error(ErrorCode::kIo, "cannot create a pipe: {}", std::strerror(errno));
  }
  UniqueFd out_read(out_pipe[0]);
  UniqueFd out_write(out_pipe[1]);
  if (::pipe2(status_pipe, O_CLOEXEC) != 0) {
    return make_error(ErrorCode::kIo, "cannot create a pipe: {}", std::strerror(errno));
  }
  UniqueFd status_read(status_pipe[0]);
  UniqueFd status_write(status_pipe[1]);

  const auto start = Clock::now();
  pid_t pid = ::fork();
  if (pid < 0) return make_error(ErrorCode::kIo, "cannot fork: {}", std::strerror(errno));
  if (pid == 0) exec_child(command, out_write.get(), status_write.get());
  ::setpgid(pid, pid);  // also in the parent, so the group exists before any kill
  out_write.reset();
  status_write.reset();

  int exec_errno = 0;
  ssize_t got = ::read(status_read.get(), &exec_errno, sizeof exec_errno);
  OutputBuffer output;
  bool finished = got > 0 ? true : drain(out_read.get(), start + command.timeout, output);
  if (!finished) ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (got > 0) {
    return make_error(exec_errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                      "cannot run '{}': {}", command.argv[0], std::strerror(exec_errno));
  }
  CommandResult result;
  result.timed_out = !finished;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
  result.output = output.take();
  const auto elapsed = Clock::now() - start;
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed);
  ++total_commands;
  total_elapsed_us += std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
  return result;
}

CommandTotals command_totals() {
  return {total_commands.load(), std::chrono::microseconds(total_elapsed_us.load())};
}

std::string command_line(const Command& command) {
  std::string line;
  for (const auto& [name, value] : command.environment) {
    line += name + "=" + quoted(value) + " ";
  }
  for (std::size_t i = 0; i < command.argv.size(); ++i) {
    if (i > 0) line += ' ';
    line += quoted(command.argv[i]);
  }
  return line;
}

}  // namespace patchplan::deploy
