// PackageLock: dpkg's frontend and database locks, held as fcntl record locks.
#pragma once

#include <chrono>
#include <string>

#include "common/expected.hpp"
#include "common/unique_fd.hpp"

namespace patchplan::deploy {

// Holds <admindir>/lock-frontend for its lifetime. acquire() also takes <admindir>/lock
// (proving no dpkg runs) and releases it again at once, so that dpkg, started with
// DPKG_FRONTEND_LOCKED=1 (see kFrontendLockedEnv), can take it: the protocol of dpkg's
// doc/frontend-api.txt. The files are never deleted: the kernel frees a killed holder's
// lock.
class PackageLock {
 public:
  // Waits up to `timeout` for each lock. kConflict names the file and the holder's pid.
  static Expected<PackageLock> acquire(const std::string& admin_dir,
                                       std::chrono::milliseconds timeout);

  [[nodiscard]] const std::string& admin_dir() const { return admin_dir_; }
  // The frontend lock's descriptor (an open file description lock): apt commands inherit
  // it (Command::inherited_fds), so the lock lasts while they run, even past patchplan.
  [[nodiscard]] int frontend_fd() const { return frontend_.get(); }

 private:
  PackageLock(std::string admin_dir, UniqueFd frontend)
      : admin_dir_(std::move(admin_dir)), frontend_(std::move(frontend)) {}

  std::string admin_dir_;
  UniqueFd frontend_;
};

// The environment variable that tells dpkg its frontend lock is held by the caller.
inline constexpr const char* kFrontendLockedEnv = "DPKG_FRONTEND_LOCKED";

}  // namespace patchplan::deploy
