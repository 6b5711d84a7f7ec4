#include "deploy/transport.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "common/tests/run_process.hpp"
#include "common/tests/test_files.hpp"
#include "deploy/tests/sandbox_root.hpp"

namespace patchplan::deploy {
namespace {

using namespace std::chrono_literals;
using testing::SandboxRoot;

std::string host_status_digest() {
  return patchplan::testing::run_process({"sha256sum", "/var/lib/dpkg/status"}).out;
}

TEST(TransportTest, UnknownTargetIsAUsageError) {
  auto transport = open_transport("ssh:web1", "/tmp/unused");
  ASSERT_FALSE(transport.has_value());
  EXPECT_EQ(transport.error().code, ErrorCode::kUsage);
  EXPECT_EQ(transport.error().message,
            "unknown target 'ssh:web1': expected 'local', 'root:DIR' or 'chrootless:DIR'");
}

TEST(TransportTest, MissingRootIsNotFound) {
  auto transport = open_transport("root:/nonexistent/patchplan", "/tmp/unused");
  ASSERT_FALSE(transport.has_value());
  EXPECT_EQ(transport.error().code, ErrorCode::kNotFound);
}

TEST(TransportTest, RootWithoutDpkgDatabaseIsNotFound) {
  patchplan::testing::TempDir dir;
  auto transport = open_transport("root:" + dir.path().string(), (dir.path() / "w").string());
  ASSERT_FALSE(transport.has_value());
  EXPECT_EQ(transport.error().code, ErrorCode::kNotFound);
  EXPECT_NE(transport.error().message.find("has no dpkg database"), std::string::npos);
}

TEST(TransportTest, RootWithAQuoteIsRefused) {
  patchplan::testing::TempDir dir;
  dir.write("a'b/var/lib/dpkg/status", "");
  auto transport = open_transport("root:" + (dir.path() / "a'b").string(), "/tmp/unused");
  ASSERT_FALSE(transport.has_value());
  EXPECT_EQ(transport.error().code, ErrorCode::kUsage);
}

TEST(TransportTest, RootWithoutAShellIsRefusedUnlessNamedChrootless) {
  // Its maintainer scripts could only run on this machine: that must be asked for by name.
  patchplan::testing::TempDir dir;
  dir.write("tree/var/lib/dpkg/status", "");
  const std::string tree = (dir.path() / "tree").string();
  auto refused = open_transport("root:" + tree, (dir.path() / "w").string());
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kUsage);
  EXPECT_NE(refused.error().message.find("has no /bin/sh"), std::string::npos);
  EXPECT_NE(refused.error().message.find("'chrootless:" + tree + "'"), std::string::npos)
      << refused.error().message;
  auto chrootless = open_transport("chrootless:" + tree, (dir.path() / "w").string());
  ASSERT_TRUE(chrootless.has_value()) << chrootless.error().message;
  EXPECT_EQ((*chrootless)->name(), "chrootless:" + tree);
  dir.write("tree/bin/sh", "");
  auto chrooted = open_transport("root:" + tree, (dir.path() / "w2").string());
  ASSERT_TRUE(chrooted.has_value()) << chrooted.error().message;
  Command dpkg = (*chrooted)->adapt(make_command(Tool::kDpkg, {"dpkg", "--audit"}));
  EXPECT_EQ(std::count(dpkg.argv.begin(), dpkg.argv.end(), "--force-script-chrootless"), 0);
}

TEST(TransportTest, LocalTargetRunsAndReadsAsGiven) {
  auto transport = open_transport("local", "");
  ASSERT_TRUE(transport.has_value()) << transport.error().message;
  EXPECT_EQ((*transport)->name(), "local");
  Command command = make_command(Tool::kDpkg, {"dpkg", "--version"});
  EXPECT_EQ((*transport)->adapt(command).argv, command.argv);
  auto text = (*transport)->read_file("/etc/os-release");
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_NE(text->find("ID="), std::string::npos);
}

TEST(TransportTest, RootTargetAdaptsAptAndDpkgIntoTheRoot) {
  if (!testing::can_sandbox()) GTEST_SKIP() << testing::kNeedsRoot;
  SandboxRoot sandbox;
  Transport& transport = sandbox.transport();
  const std::string root = sandbox.root().string();
  EXPECT_EQ(transport.name(), "chrootless:" + root);
  Command apt = transport.adapt(make_command(Tool::kApt, {"apt-get", "update"}));
  EXPECT_EQ(apt.environment.at("APT_CONFIG"), (sandbox.work_dir() / "apt.conf").string());
  Command dpkg = transport.adapt(make_command(Tool::kDpkg, {"dpkg", "--audit"}));
  EXPECT_EQ(dpkg.argv,
            (std::vector<std::string>{(sandbox.work_dir() / "dpkg").string(), "--root=" + root,
                                      "--log=" + root + "/var/log/dpkg.log",
                                      "--force-script-chrootless", "--audit"}));
  Command query = transport.adapt(make_command(Tool::kDpkg, {"dpkg-query", "-W"}));
  EXPECT_EQ(query.argv, (std::vector<std::string>{"dpkg-query", "--root=" + root, "-W"}));
  Command plain = transport.adapt(make_command(Tool::kPlain, {"true"}));
  EXPECT_EQ(plain.environment.at("PATCHPLAN_ROOT"), root);
}

TEST(TransportTest, RootTargetInstallsInsideTheRootOnly) {
  if (!testing::can_sandbox()) GTEST_SKIP() << testing::kNeedsRoot;
  std::string host_before = host_status_digest();
  SandboxRoot sandbox;
  sandbox.install({"demo-svc=1.0-1"});
  EXPECT_EQ(sandbox.query("demo-svc"), "1.0-1 ii");
  EXPECT_EQ(sandbox.query("demo-lib"), "1.1-1 ii");
  auto config = sandbox.transport().read_file("/etc/demo-svc/demo.conf");
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(*config, "greeting=hello\n");
  auto log = sandbox.transport().read_file("/var/log/dpkg.log");
  ASSERT_TRUE(log.has_value()) << log.error().message;
  EXPECT_NE(log->find("install demo-svc"), std::string::npos);
  EXPECT_EQ(host_status_digest(), host_before);
}

TEST(TransportTest, RootTargetListsProcessesMappingDeletedLibrariesOfTheTree) {
  if (!testing::can_sandbox()) GTEST_SKIP() << testing::kNeedsRoot;
  SandboxRoot sandbox;
  sandbox.install({"demo-lib=1.0-1"});
  std::string library = (sandbox.root() / "usr/lib/demo/libdemo.so").string();
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("LD_PRELOAD", library.c_str(), 1);
    ::execlp("sleep", "sleep", "30", nullptr);
    ::_exit(127);
  }
  std::this_thread::sleep_for(300ms);
  auto before = sandbox.transport().deleted_mappings();
  sandbox.install({"demo-lib=1.1-1"});
  auto after = sandbox.transport().deleted_mappings();
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);

  ASSERT_TRUE(before.has_value() && after.has_value());
  EXPECT_TRUE(before->empty());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->front().pid, pid);
  EXPECT_EQ(after->front().command, "sleep");
  EXPECT_EQ(after->front().path, "/usr/lib/demo/libdemo.so");
}

}  // namespace
}  // namespace patchplan::deploy
