// Commands run on a deployment target: an argument vector, never a shell line.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/expected.hpp"

namespace patchplan::deploy {

// Which package tool a command drives; a root: target adapts apt and dpkg commands so that
// they act inside the root (APT_CONFIG, dpkg --root), and leaves plain commands alone.
enum class Tool { kPlain, kApt, kDpkg };

struct Command {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH
  Tool tool = Tool::kPlain;
  std::map<std::string, std::string> environment;  // added to the runner's environment
  std::chrono::milliseconds timeout{std::chrono::minutes(30)};
  std::string working_dir;  // empty: the runner's own
  // Descriptors the command keeps (all others are close-on-exec): apt runs holding
  // patchplan's frontend lock this way, so an apt that outlives a killed patchplan still
  // holds it and --resume waits for it instead of running beside it.
  std::vector<int> inherited_fds;
};

// A command for `tool` with `argv`, the default timeout and no extra environment.
inline Command make_command(Tool tool, std::vector<std::string> argv,
                            std::map<std::string, std::string> environment = {}) {
  Command command;
  command.argv = std::move(argv);
  command.tool = tool;
  command.environment = std::move(environment);
  return command;
}

struct CommandResult {
  int exit_code = -1;      // 128+N when killed by signal N
  bool timed_out = false;  // killed (with its process group) at the timeout
  std::string output;      // stdout and stderr interleaved; the middle cut past kMaxOutput
  std::chrono::milliseconds elapsed{0};

  [[nodiscard]] bool succeeded() const { return exit_code == 0 && !timed_out; }
};

// Output kept per command: the first and last half of this many bytes.
inline constexpr std::size_t kMaxOutput = 1u << 20;

// Runs `command` in its own process group with stdin on /dev/null and stdout and stderr
// captured, and waits for it up to its timeout (then SIGKILL to the group). The command's
// exit status is a result, not an error; errors are only for a program that cannot start
// (kNotFound) or a pipe or fork failure (kIo).
Expected<CommandResult> run_command(const Command& command);

// What run_command has run in this process so far: for the deployment overhead benchmark.
struct CommandTotals {
  std::int64_t commands = 0;
  std::chrono::microseconds elapsed{0};
};
CommandTotals command_totals();

// The command as one display line, each word quoted when it is not plain, environment
// assignments first: for --dry-run and the journal.
std::string command_line(const Command& command);

}  // namespace patchplan::deploy
