// Test helper: a Debian-like root built at test time, its /usr the machine's, bound read-only
// in the test process's own private mount namespace; and exact snapshots of its files.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <string_view>

#include "common/tests/test_files.hpp"

namespace patchplan::harden::testing {

// Moves this test process into a private mount namespace (once); false with `why` when the
// process may not (not root, no CAP_SYS_ADMIN).
bool enter_private_mount_namespace(std::string* why);

class SandboxRoot {
 public:
  // usrmerge symlinks /bin, /lib, /lib64, /sbin -> usr/..., /etc/debian_version 12.x, a dpkg
  // status naming `packages`, and /proc, /sys, /dev, /tmp, /run, /root directories.
  explicit SandboxRoot(const std::string& packages = "linux-base login openssh-server");
  ~SandboxRoot();
  SandboxRoot(const SandboxRoot&) = delete;
  SandboxRoot& operator=(const SandboxRoot&) = delete;

  [[nodiscard]] std::string path() const { return dir_.path().string(); }
  [[nodiscard]] bool usr_bound() const { return usr_bound_; }

  // Writes `relative` with `mode` and owner.
  void write(std::string_view relative, std::string_view content, mode_t mode = 0644, uid_t uid = 0,
             gid_t gid = 0) const;

  // Every path under the root except the bound /usr and the runtime directories, each with
  // its kind, mode, owner, modification time and content or link target.
  [[nodiscard]] std::map<std::string, std::string> snapshot() const;

 private:
  patchplan::testing::TempDir dir_;
  bool usr_bound_ = false;
};

}  // namespace patchplan::harden::testing
