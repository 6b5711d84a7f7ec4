#include "deploy/package_lock.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "common/tests/test_files.hpp"
#include "deploy/command.hpp"

namespace patchplan::deploy {
namespace {

using namespace std::chrono_literals;

// A child process that holds a whole-file fcntl lock on `path` until killed, as apt does.
class LockHolder {
 public:
  explicit LockHolder(const std::string& path) {
    int ready[2];
    EXPECT_EQ(::pipe(ready), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0640);
      flock lock{};
      lock.l_type = F_WRLCK;
      lock.l_whence = SEEK_SET;
      if (fd < 0 || ::fcntl(fd, F_SETLK, &lock) != 0) ::_exit(1);
      [[maybe_unused]] auto n = ::write(ready[1], "x", 1);
      for (;;) ::pause();
    }
    ::close(ready[1]);
    char byte = 0;
    EXPECT_EQ(::read(ready[0], &byte, 1), 1);
    ::close(ready[0]);
  }
  ~LockHolder() { stop(); }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

TEST(PackageLockTest, FreeLocksAreTakenAndTheFilesKept) {
  patchplan::testing::TempDir dir;
  auto lock = PackageLock::acquire(dir.path().string(), 1s);
  ASSERT_TRUE(lock.has_value()) << lock.error().message;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "lock-frontend"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "lock"));
}

TEST(PackageLockTest, HeldFrontendLockIsAConflictNamingTheHolder) {
  patchplan::testing::TempDir dir;
  std::string path = (dir.path() / "lock-frontend").string();
  LockHolder holder(path);
  auto lock = PackageLock::acquire(dir.path().string(), 200ms);
  ASSERT_FALSE(lock.has_value());
  EXPECT_EQ(lock.error().code, ErrorCode::kConflict);
  EXPECT_EQ(lock.error().message,
            fmt::format("dpkg lock '{}' is held by process {}: another package manager is running",
                        path, holder.pid()));
}

TEST(PackageLockTest, HeldDatabaseLockIsAConflictToo) {
  patchplan::testing::TempDir dir;
  LockHolder holder((dir.path() / "lock").string());
  auto lock = PackageLock::acquire(dir.path().string(), 200ms);
  ASSERT_FALSE(lock.has_value());
  EXPECT_NE(lock.error().message.find("/lock' is held"), std::string::npos);
}

TEST(PackageLockTest, WaitsUntilAKilledHolderIsGone) {
  patchplan::testing::TempDir dir;
  LockHolder holder((dir.path() / "lock-frontend").string());
  std::thread killer([&] {
    std::this_thread::sleep_for(300ms);
    holder.stop();
  });
  auto lock = PackageLock::acquire(dir.path().string(), 5s);
  killer.join();
  EXPECT_TRUE(lock.has_value()) << lock.error().message;
}

TEST(PackageLockTest, SecondLockInTheSameProcessConflicts) {
  patchplan::testing::TempDir dir;
  auto first = PackageLock::acquire(dir.path().string(), 1s);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  // An open file description lock: two deployment threads of one process exclude each other.
  auto second = PackageLock::acquire(dir.path().string(), 100ms);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
}

TEST(PackageLockTest, CommandThatInheritsTheLockHoldsItAfterPatchplanLetsGo) {
  patchplan::testing::TempDir dir;
  {
    auto lock = PackageLock::acquire(dir.path().string(), 1s);
    ASSERT_TRUE(lock.has_value()) << lock.error().message;
    // The shell's background child keeps the inherited descriptor, as an apt would that
    // outlives a killed patchplan.
    Command command = make_command(Tool::kPlain, {"sh", "-c", "sleep 2 >/dev/null 2>&1 & exit 0"});
    command.inherited_fds.push_back(lock->frontend_fd());
    auto result = run_command(command);
    ASSERT_TRUE(result.has_value() && result->succeeded());
  }
  auto blocked = PackageLock::acquire(dir.path().string(), 100ms);
  ASSERT_FALSE(blocked.has_value());
  EXPECT_EQ(blocked.error().message,
            fmt::format("dpkg lock '{}/lock-frontend' is held by another process: another "
                        "package manager is running",
                        dir.path().string()));
  auto later = PackageLock::acquire(dir.path().string(), 5s);
  EXPECT_TRUE(later.has_value()) << later.error().message;
}

TEST(PackageLockTest, MissingAdminDirIsAnIoError) {
  auto lock = PackageLock::acquire("/nonexistent/patchplan/dpkg", 100ms);
  ASSERT_FALSE(lock.has_value());
  EXPECT_EQ(lock.error().code, ErrorCode::kIo);
  EXPECT_EQ(lock.error().message,
            "cannot open lock file '/nonexistent/patchplan/dpkg/lock-frontend': No such file or "
            "directory");
}

}  // namespace
}  // namespace patchplan::deploy
