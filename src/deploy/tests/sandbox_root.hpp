// A sandbox root to deploy into: an empty tree with its own dpkg database and apt state,
// whose only source is the lab repository (shared lab notes, approach A1).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/tests/test_files.hpp"
#include "deploy/transport.hpp"

namespace patchplan::deploy::testing {

// Sandbox roots need root: dpkg runs in a private mount namespace (unshare --mount) that
// hides the machine's /etc/dpkg/dpkg.cfg.d. Tests skip with kNeedsRoot otherwise.
inline bool can_sandbox() { return ::geteuid() == 0; }
inline constexpr const char* kNeedsRoot =
    "needs root: sandbox dpkg runs in a private mount namespace";

class SandboxRoot {
 public:
  // Creates the tree, points its sources.list at lab_repository() (copy: URI, so that
  // apt's archive cache receives the .debs) and runs apt-get update in it.
  SandboxRoot();

  [[nodiscard]] std::filesystem::path root() const { return dir_.path() / "root"; }
  // patchplan's own working directory for this target (APT_CONFIG, dpkg wrapper).
  [[nodiscard]] std::filesystem::path work_dir() const { return dir_.path() / "work"; }
  // A tree without a shell: its demo packages' scripts run here with DPKG_ROOT set.
  [[nodiscard]] std::string target() const { return "chrootless:" + root().string(); }
  [[nodiscard]] Transport& transport() { return *transport_; }

  // Installs "name=version" words with apt-get (confold), asserting success.
  void install(const std::vector<std::string>& packages);

  // dpkg-query's "${Version} ${db:Status-Abbrev}" for `package` in this root ("" when
  // unknown): the oracle the tests compare with.
  [[nodiscard]] std::string query(const std::string& package) const;

 private:
  patchplan::testing::TempDir dir_;
  std::unique_ptr<Transport> transport_;
};

}  // namespace patchplan::deploy::testing
