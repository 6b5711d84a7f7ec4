// Taking dpkg's locks: whole-file F_WRLCK records, retried until a deadline.
#include "deploy/package_lock.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace patchplan::deploy {
namespace {

Expected<UniqueFd> open_lock_file(const std::string& path) {
  // dpkg creates its lock files with mode 0640 (lib/dpkg/dbmodify.c).
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640));
  if (!fd.valid()) {
    return make_error(ErrorCode::kIo, "cannot open lock file '{}': {}", path, std::strerror(errno));
  }
  return fd;
}

flock whole_file(short type) {
  flock lock{};
  lock.l_type = type;
  lock.l_whence = SEEK_SET;
  lock.l_start = 0;
  lock.l_len = 0;
  return lock;
}

// Takes a write lock on `fd`, retrying every 50 ms until `deadline`. `open_file`: an open
// file description lock (F_OFD_SETLK), owned by the descriptor rather than the process, so
// that a child that inherits it holds it too; it conflicts with dpkg's and apt's F_SETLK
// records (fcntl(2), "Open file description locks").
Status take(int fd, const std::string& path, std::chrono::steady_clock::time_point deadline,
            bool open_file) {
  for (;;) {
    flock lock = whole_file(F_WRLCK);
    if (::fcntl(fd, open_file ? F_OFD_SETLK : F_SETLK, &lock) == 0) return ok();
    if (errno != EACCES && errno != EAGAIN) {
      return make_error(ErrorCode::kIo, "cannot lock '{}': {}", path, std::strerror(errno));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      flock holder = whole_file(F_WRLCK);
      int pid = ::fcntl(fd, F_GETLK, &holder) == 0 && holder.l_type != F_UNLCK ? holder.l_pid : 0;
      std::string who = pid > 0 ? fmt::format("process {}", pid) : std::string("another process");
      return make_error(ErrorCode::kConflict,
                        "dpkg lock '{}' is held by {}: another package manager is running", path,
                        who);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

Expected<PackageLock> PackageLock::acquire(const std::string& admin_dir,
                                           std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string frontend_path = admin_dir + "/lock-frontend";
  auto frontend = open_lock_file(frontend_path);
  if (!frontend) return frontend.error();
  if (auto status = take(frontend->get(), frontend_path, deadline, true); !status) {
    return status.error();
  }

  std::string inner_path = admin_dir + "/lock";
  auto inner = open_lock_file(inner_path);
  if (!inner) return inner.error();
  if (auto status = take(inner->get(), inner_path, deadline, false); !status) {
    return status.error();
  }
  // Closing the descriptor releases the inner lock: dpkg takes it itself when it runs.
  return PackageLock(admin_dir, std::move(*frontend));
}

}  // namespace patchplan::deploy
