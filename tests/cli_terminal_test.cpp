// End-to-end: human output is coloured on a terminal, and never with NO_COLOR.
#include <gtest/gtest.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "tests/cli_fixture.hpp"

namespace patchplan::testing {
namespace {

// Runs patchplan with stdout on a pseudo-terminal and returns what it printed.
std::string run_on_terminal(const std::vector<std::string>& args, bool no_color) {
  int master = -1;
  pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) {
    if (no_color) {
      ::setenv("NO_COLOR", "1", 1);
    } else {
      ::unsetenv("NO_COLOR");
    }
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(PATCHPLAN_BINARY));
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    ::execv(PATCHPLAN_BINARY, argv.data());
    ::_exit(127);
  }
  std::string out;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(master, buffer, sizeof buffer)) > 0) {
    out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(master);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return out;
}

TEST_F(CliTest, ColourOnATerminal) {
  auto out =
      run_on_terminal({"assess", "--root", (shared_hosts() / "go").string(), "--db", db()}, false);
  EXPECT_NE(out.find("\x1b["), std::string::npos) << out.substr(0, 400);
}

TEST_F(CliTest, NoColourOnATerminalWithNoColor) {
  auto out =
      run_on_terminal({"assess", "--root", (shared_hosts() / "go").string(), "--db", db()}, true);
  EXPECT_NE(out.find("pending"), std::string::npos) << out.substr(0, 400);
  EXPECT_EQ(out.find("\x1b["), std::string::npos);
}

}  // namespace
}  // namespace patchplan::testing
