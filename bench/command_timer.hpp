// Runs a command as a child process (argument vector, no shell) and measures its wall
// time and peak resident memory, for benchmarks that compare patchplan with a peer tool.
#pragma once

#include <string>
#include <vector>

namespace patchplan::bench {

struct CommandRun {
  double wall_seconds = 0;
  long peak_rss_kib = 0;  // ru_maxrss of the child
  int exit_status = -1;
};

// Runs `argv` with stdout and stderr sent to /dev/null (or to `output_file` if not empty).
CommandRun run_command(const std::vector<std::string>& argv, const std::string& output_file = "");

}  // namespace patchplan::bench
