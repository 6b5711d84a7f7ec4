// run_command: fork/exec/wait4 with rusage.
#include "command_timer.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

namespace patchplan::bench {

CommandRun run_command(const std::vector<std::string>& argv, const std::string& output_file) {
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  auto start = std::chrono::steady_clock::now();
  pid_t child = ::fork();
  if (child == 0) {
    int out = ::open(output_file.empty() ? "/dev/null" : output_file.c_str(),
                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int null_in = ::open("/dev/null", O_RDONLY);
    ::dup2(null_in, 0);
    ::dup2(out, 1);
    if (output_file.empty()) ::dup2(out, 2);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  CommandRun run;
  int status = 0;
  rusage usage{};
  ::wait4(child, &status, 0, &usage);
  run.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.peak_rss_kib = usage.ru_maxrss;
  run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

}  // namespace patchplan::bench
