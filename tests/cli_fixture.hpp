// Runs the built patchplan binary for end-to-end tests, with a database of the test's own.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/tests/run_process.hpp"
#include "common/tests/test_files.hpp"

namespace patchplan::testing {

inline std::filesystem::path shared_hosts() {
  return std::filesystem::path(PATCHPLAN_SHARED_DIR) / "data" / "hosts";
}

inline const std::vector<std::string>& host_root_names() {
  static const std::vector<std::string> names = {
      "builder-cpp", "cpp", "dotnet", "go", "langs", "python", "python-debian13", "rust", "swift"};
  return names;
}

class CliTest : public ::testing::Test {
 protected:
  // Runs `patchplan ARGS...` with NO_COLOR unset and the test's database.
  ProcessResult patchplan(std::vector<std::string> args, ProcessOptions options = {}) const {
    args.insert(args.begin(), PATCHPLAN_BINARY);
    options.unset.push_back("NO_COLOR");
    return run_process(args, options);
  }

  [[nodiscard]] std::string db() const { return (scratch_.path() / "state" / "pp.db").string(); }
  [[nodiscard]] const TempDir& scratch() const { return scratch_; }

 private:
  TempDir scratch_;
};

}  // namespace patchplan::testing
