// Runs a program for a test (an oracle such as dpkg-query or apt, or patchplan itself),
// with an argument vector and no shell, and collects its exit status and output.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace patchplan::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when the program could not be started; 128+N when killed by N
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::map<std::string, std::string> environment;  // added to (or replacing) the test's
  std::vector<std::string> unset;                  // removed from the environment
  std::string stdin_text;                          // fed on stdin (else /dev/null)
};

// Runs argv[0] (looked up in PATH) and waits for it.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

}  // namespace patchplan::testing
