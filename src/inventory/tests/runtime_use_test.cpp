// Tests of runtime use: a real process the test starts, a real loopback listener, a fake dpkg db.
#include "inventory/runtime_use.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/tests/test_files.hpp"
#include "common/unique_fd.hpp"
#include "inventory/tests/loopback_listener.hpp"

namespace patchplan::inventory {
namespace {

namespace fs = std::filesystem;

// A child process running `program` ("sleep 60"), killed and reaped at the end.
class Child {
 public:
  explicit Child(const fs::path& program) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string path = program.string();
      ::execl(path.c_str(), path.c_str(), "60", static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  [[nodiscard]] int pid() const { return pid_; }

  // Waits until the child runs `program` (exec done), at most two seconds.
  [[nodiscard]] bool wait_for_exec(const fs::path& program) const {
    for (int i = 0; i < 200; ++i) {
      std::error_code error;
      fs::path exe = fs::read_symlink(fs::path("/proc") / std::to_string(pid_) / "exe", error);
      if (!error && exe == program) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

 private:
  int pid_ = -1;
};

RootFs host_root() {
  auto root = RootFs::open("/");
  EXPECT_TRUE(root) << root.error().message;
  return std::move(*root);
}

// Reads the runtime use of `pids` on the host, with a dpkg database in `dir` whose package t
// owns this test's own executable.
Expected<RuntimeUse> read_with_self_as_t(const patchplan::testing::TempDir& dir,
                                         std::vector<int> pids) {
  dir.write("dpkg/info/t:amd64.list", fs::read_symlink("/proc/self/exe").string() + "\n");
  RuntimeUseOptions options;
  options.admin_dir = (dir.path() / "dpkg").string();
  options.pids = std::move(pids);
  return read_runtime_use(host_root(), options);
}

// Expects this process's package t to hold exactly one listening socket, the one described.
void expect_this_process_listens(std::string_view protocol, std::string_view address,
                                 std::uint16_t port) {
  patchplan::testing::TempDir dir;
  auto use = read_with_self_as_t(dir, {static_cast<int>(::getpid())});
  ASSERT_TRUE(use) << use.error().message;
  const PackageUse* t = use->find("t", "amd64");
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->listening.size(), 1u);
  EXPECT_EQ(t->listening[0].protocol, protocol);
  EXPECT_EQ(t->listening[0].address, address);
  EXPECT_EQ(t->listening[0].port, port);
  EXPECT_EQ(t->listening[0].process.pid, ::getpid());
}

TEST(RuntimeUseTest, ProcessRunningACopiedBinaryIsReportedForItsPackage) {
  patchplan::testing::TempDir dir;
  const fs::path program = fs::canonical(dir.path()) / "sleep";
  fs::copy_file("/bin/sleep", program);
  dir.write("dpkg/info/x.list", "/.\n" + dir.path().string() + "\n" + program.string() + "\n");
  dir.write("dpkg/info/x.md5sums", "d41d8cd98f00b204e9800998ecf8427e  " + program.string() + "\n");
  Child child(program);
  ASSERT_GT(child.pid(), 0);
  ASSERT_TRUE(child.wait_for_exec(program));

  RuntimeUseOptions options;
  options.admin_dir = (dir.path() / "dpkg").string();
  auto use = read_runtime_use(host_root(), options);
  ASSERT_TRUE(use) << use.error().message;
  EXPECT_TRUE(use->determined);
  EXPECT_GT(use->processes_scanned, 0u);
  const PackageUse* x = use->find("x", "amd64");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->process_count, 1u);
  ASSERT_EQ(x->processes.size(), 1u);
  EXPECT_EQ(x->processes[0].pid, child.pid());
  EXPECT_EQ(x->processes[0].name, "sleep");
  EXPECT_TRUE(x->listening.empty());
  EXPECT_EQ(use->find("y", "amd64"), nullptr);
}

TEST(RuntimeUseTest, LoopbackListenerIsFoundWithItsPortAndProcess) {
  auto listener = testing::open_loopback_listener();
  ASSERT_TRUE(listener.has_value());
  const std::uint16_t port = listener->port;

  expect_this_process_listens("tcp", "127.0.0.1", port);
}

TEST(RuntimeUseTest, UdpSocketBoundOnIpv6LoopbackIsListening) {
  UniqueFd socket6(::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (socket6.get() < 0) GTEST_SKIP() << "no IPv6 on this host";
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_addr = in6addr_loopback;
  if (::bind(socket6.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    GTEST_SKIP() << "no IPv6 loopback on this host";
  }
  socklen_t length = sizeof address;
  ASSERT_EQ(::getsockname(socket6.get(), reinterpret_cast<sockaddr*>(&address), &length), 0);

  expect_this_process_listens("udp6", "::1", ntohs(address.sin6_port));
}

TEST(RuntimeUseTest, VanishedProcessIsSkippedAndCounted) {
  const pid_t gone = ::fork();
  ASSERT_GE(gone, 0);
  if (gone == 0) ::_exit(0);
  ASSERT_EQ(::waitpid(gone, nullptr, 0), gone);

  patchplan::testing::TempDir dir;
  auto use = read_with_self_as_t(dir, {static_cast<int>(gone), static_cast<int>(::getpid())});
  ASSERT_TRUE(use) << use.error().message;
  EXPECT_TRUE(use->determined);
  EXPECT_EQ(use->processes_skipped, 1u);
  EXPECT_EQ(use->processes_scanned, 1u);
  EXPECT_NE(use->find("t", "amd64"), nullptr);
}

TEST(RuntimeUseTest, ZombieIsCountedAsRunningNoCode) {
  const pid_t zombie = ::fork();
  ASSERT_GE(zombie, 0);
  if (zombie == 0) ::_exit(0);
  // Not reaped yet: a zombie until waitpid below, with no executable in /proc.
  for (int i = 0; i < 200 && fs::exists(fs::path("/proc") / std::to_string(zombie) / "exe"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  patchplan::testing::TempDir dir;
  auto use = read_with_self_as_t(dir, {static_cast<int>(zombie)});
  ASSERT_EQ(::waitpid(zombie, nullptr, 0), zombie);
  ASSERT_TRUE(use) << use.error().message;
  EXPECT_EQ(use->processes_without_code, 1u);
  EXPECT_EQ(use->processes_skipped, 0u);
  EXPECT_EQ(use->processes_scanned, 0u);
}

TEST(RuntimeUseTest, OfflineRootIsNotDetermined) {
  patchplan::testing::TempDir dir;
  auto root = RootFs::open(dir.path().string());
  ASSERT_TRUE(root) << root.error().message;
  auto use = read_runtime_use(*root);
  ASSERT_TRUE(use) << use.error().message;
  EXPECT_FALSE(use->determined);
  EXPECT_EQ(use->reason, "not determined on an offline root");
  EXPECT_TRUE(use->packages.empty());
}

TEST(RuntimeUseTest, MissingDpkgInfoDirectoryIsAnErrorNamingIt) {
  patchplan::testing::TempDir dir;
  RuntimeUseOptions options;
  options.admin_dir = (dir.path() / "nodpkg").string();
  options.pids = {static_cast<int>(::getpid())};
  auto use = read_runtime_use(host_root(), options);
  ASSERT_FALSE(use);
  EXPECT_NE(use.error().message.find((dir.path() / "nodpkg/info").string()), std::string::npos)
      << use.error().message;
}

TEST(RuntimeUseTest, UsrmergeSpellingsMeetInUsr) {
  EXPECT_EQ(canonical_package_path("/lib/x86_64-linux-gnu/libc.so.6"),
            "/usr/lib/x86_64-linux-gnu/libc.so.6");
  EXPECT_EQ(canonical_package_path("/bin/sleep"), "/usr/bin/sleep");
  EXPECT_EQ(canonical_package_path("/lib64/ld-linux-x86-64.so.2"),
            "/usr/lib64/ld-linux-x86-64.so.2");
  EXPECT_EQ(canonical_package_path("/usr/lib/x"), "/usr/lib/x");
  EXPECT_EQ(canonical_package_path("/library/x"), "/library/x");
  EXPECT_EQ(canonical_package_path("/opt/bin/x"), "/opt/bin/x");
}

// The host's own libc (listed by dpkg as /lib/... on Debian 12, mapped as /usr/lib/... through
// the usrmerge links, or the other way round) is mapped by the test process itself.
TEST(RuntimeUseTest, HostLibcIsMappedByThisProcessDespiteUsrmerge) {
  auto root = host_root();
  if (!root.exists("/var/lib/dpkg/info/libc6:amd64.list")) GTEST_SKIP() << "no libc6:amd64";
  RuntimeUseOptions options;
  options.pids = {static_cast<int>(::getpid())};
  auto use = read_runtime_use(root, options);
  ASSERT_TRUE(use) << use.error().message;
  const PackageUse* libc = use->find("libc6", "amd64");
  ASSERT_NE(libc, nullptr);
  ASSERT_EQ(libc->processes.size(), 1u);
  EXPECT_EQ(libc->processes[0].pid, ::getpid());
}

}  // namespace
}  // namespace patchplan::inventory
