// The real apt as the tests' oracle: runs apt, apt-get, apt-cache and apt-config in a
// sandbox (APT_CONFIG of our own, so the machine's /etc/apt is never read) on a host
// root, and parses what they print.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "common/tests/run_process.hpp"

namespace patchplan::updates::testing {

using patchplan::testing::ProcessResult;

// Process options that add `environment` to the test's environment.
inline patchplan::testing::ProcessOptions with_environment(
    std::map<std::string, std::string> environment) {
  patchplan::testing::ProcessOptions options;
  options.environment = std::move(environment);
  return options;
}

// One line of `apt list --upgradable`: "name/suites version arch [upgradable from: v]".
struct UpgradableLine {
  std::string name;
  std::string suites;  // the candidate's archives, ','-separated, as apt lists them
  std::string version;
  std::string architecture;
  std::string from_version;

  bool operator==(const UpgradableLine&) const = default;
  bool operator<(const UpgradableLine& other) const {
    return std::tie(name, architecture) < std::tie(other.name, other.architecture);
  }
};

std::vector<UpgradableLine> parse_apt_list(const std::string& out);

// "Candidate:" per "name" or "name:arch" heading of `apt-cache policy NAMES...`.
std::map<std::string, std::string> parse_policy_candidates(const std::string& out);

// An APT_CONFIG sandbox on `root`: apt reads the root's etc/apt (apt.conf.d included),
// its dpkg status and a writable copy of its var/lib/apt/lists made in `work`.
class AptSandbox {
 public:
  AptSandbox(const std::filesystem::path& root, const std::filesystem::path& work,
             const std::string& native_architecture, const std::string& extra_config = {});

  // Runs an apt tool (argv[0] "apt", "apt-get", "apt-cache", "apt-config") in the sandbox.
  [[nodiscard]] ProcessResult run(const std::vector<std::string>& argv) const;

  [[nodiscard]] std::vector<UpgradableLine> list_upgradable() const;

  // apt-cache policy for `packages` ("name" or "name:arch"): the candidate of each,
  // "(none)" when apt has none.
  [[nodiscard]] std::map<std::string, std::string> candidates(
      const std::vector<std::string>& packages) const;

  [[nodiscard]] const std::filesystem::path& config_file() const { return config_; }

 private:
  std::filesystem::path config_;
};

}  // namespace patchplan::updates::testing
