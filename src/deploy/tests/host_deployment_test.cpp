#include "deploy/host_deployment.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "common/tests/run_process.hpp"
#include "deploy/tests/crash_harness.hpp"
#include "deploy/tests/deploy_fixture.hpp"

namespace patchplan::deploy {
namespace {

using HostDeploymentTest = testing::DeployFixture;

TEST_F(HostDeploymentTest, UpgradeReachesThePlannedVersionsAndKeepsTheOldConffile) {
  auto& host = add_host({"demo-lib=1.0-1", "demo-svc=1.0-1"});
  std::ofstream(host.root() / "etc/demo-svc/demo.conf", std::ios::app) << "local=1\n";
  auto record = deploy_one(request("c1", {"demo-svc=1.1-1", "demo-lib=1.1-1"}));
  EXPECT_EQ(record.state, "succeeded") << record.outcome;
  EXPECT_EQ(host.query("demo-svc"), "1.1-1 ii");
  EXPECT_EQ(host.query("demo-lib"), "1.1-1 ii");
  auto conf = host.transport().read_file("/etc/demo-svc/demo.conf");
  EXPECT_EQ(conf.value(), "greeting=hello\nlocal=1\n");
  EXPECT_TRUE(std::filesystem::exists(host.root() / "etc/demo-svc/demo.conf.dpkg-dist"));
  auto checkpoint = parse_checkpoint(record.checkpoint);
  ASSERT_TRUE(checkpoint.has_value());
  ASSERT_EQ(checkpoint->entries.size(), 2u);
  for (const auto& entry : checkpoint->entries) {
    EXPECT_EQ(entry.version, "1.0-1");
    EXPECT_TRUE(std::filesystem::exists(entry.deb)) << entry.deb;
  }
  expect_journal_has("h0", "deploy.install.begin");
  expect_journal_has("h0", "deploy.health.end");
  expect_journal_has("h0", "deploy.conffiles.end");
  EXPECT_NE(record.outcome.find("conffiles: /etc/demo-svc/demo.conf (demo-svc): modified locally "
                                "and changed by the package: old kept (confold)"),
            std::string::npos)
      << record.outcome;
  EXPECT_FALSE(store::DeployRecords(store().database()).host_lock("h0").value().has_value());
}

TEST_F(HostDeploymentTest, ConffileNotModifiedLocallyIsNotListed) {
  auto& host = add_host({"demo-lib=1.0-1", "demo-svc=1.0-1"});
  auto record = deploy_one(request("c1", {"demo-svc=1.1-1", "demo-lib=1.1-1"}));
  EXPECT_EQ(record.state, "succeeded") << record.outcome;
  EXPECT_EQ(record.outcome.find("conffiles"), std::string::npos) << record.outcome;
  EXPECT_EQ(host.transport().read_file("/etc/demo-svc/demo.conf").value(), "greeting=hi\n");
}

TEST_F(HostDeploymentTest, FailingPostinstIsRolledBackToTheExactPreviousVersions) {
  auto& host = add_host({"demo-lib=1.0-1", "demo-svc=1.0-1"});
  auto record = deploy_one(request("c1", {"demo-svc=1.2-1", "demo-lib=1.1-1"}));
  EXPECT_EQ(record.state, "rolled-back") << record.outcome;
  EXPECT_NE(record.outcome.find("'demo-svc' is half-configured 1.2-1"), std::string::npos)
      << record.outcome;
  EXPECT_EQ(host.query("demo-svc"), "1.0-1 ii");
  EXPECT_EQ(host.query("demo-lib"), "1.0-1 ii");
  expect_journal_has("h0", "deploy.rollback.end");
  expect_journal_has("h0", "deploy.verify.end");
}

TEST_F(HostDeploymentTest, HealthCheckFailureRollsBackAndRemovesTheNewDependency) {
  auto& host = add_host({"demo-lib=1.1-1", "demo-svc=1.1-1"});
  auto record = deploy_one(request("c1", {"demo-svc=1.3-1"}));
  EXPECT_EQ(record.state, "rolled-back") << record.outcome;
  EXPECT_NE(record.outcome.find("check 'demo-svc health' failed: exit code 1"), std::string::npos)
      << record.outcome;
  EXPECT_EQ(host.query("demo-svc"), "1.1-1 ii");
  EXPECT_EQ(host.query("demo-extra").substr(0, 2), "") << host.query("demo-extra");
}

TEST_F(HostDeploymentTest, PackagesAptBringsAlongAreNamedInTheOutcome) {
  auto& host = add_host({"demo-lib=1.1-1", "demo-svc=1.1-1"});
  auto change = request("c1", {"demo-svc=1.3-1"});
  change.policy.checks.clear();  // 1.3-1's own health check fails
  auto record = deploy_one(change);
  EXPECT_EQ(record.state, "succeeded") << record.outcome;
  EXPECT_NE(record.outcome.find("brought along by apt: demo-extra=1.0-1"), std::string::npos)
      << record.outcome;
  EXPECT_EQ(host.query("demo-extra"), "1.0-1 ii");
}

TEST_F(HostDeploymentTest, VersionNoRepositoryHasIsRepackedAndRolledBackTo) {
  auto& host = add_host({"demo-lib=1.0-1"});
  // demo-svc 1.0-1+local: the lab's 1.0-1 rebuilt under a version no repository has,
  // installed from the file (so not in apt's cache either).
  const std::string deb = (dir_.path() / "demo-svc_1.0-1+local_all.deb").string();
  const std::string tree = (dir_.path() / "local-build").string();
  auto built = patchplan::testing::run_process(
      {"sh", "-c",
       "dpkg-deb -R \"$0\" \"$1\" && sed -i 's/^Version: .*/Version: 1.0-1+local/' "
       "\"$1/DEBIAN/control\" && dpkg-deb --root-owner-group -b \"$1\" \"$2\"",
       (testing::lab_repository().dir / "demo-svc_1.0-1_all.deb").string(), tree, deb});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  auto installed = host.transport().run(make_command(Tool::kDpkg, {"dpkg", "-i", deb}));
  ASSERT_TRUE(installed.has_value() && installed->succeeded())
      << (installed ? installed->output : installed.error().message);
  ASSERT_EQ(host.query("demo-svc"), "1.0-1+local ii");

  auto record = deploy_one(request("c1", {"demo-svc=1.2-1", "demo-lib=1.1-1"}));
  EXPECT_EQ(record.state, "rolled-back") << record.outcome;
  EXPECT_EQ(host.query("demo-svc"), "1.0-1+local ii");
  EXPECT_EQ(host.query("demo-lib"), "1.0-1 ii");
  auto checkpoint = parse_checkpoint(record.checkpoint);
  ASSERT_TRUE(checkpoint.has_value());
  bool repacked = false;
  for (const auto& entry : checkpoint->entries) {
    if (entry.name != "demo-svc") continue;
    repacked = true;
    EXPECT_EQ(entry.version, "1.0-1+local");
    auto control = patchplan::testing::run_process({"dpkg-deb", "-f", entry.deb, "Version"});
    EXPECT_EQ(control.out, "1.0-1+local\n");
  }
  EXPECT_TRUE(repacked);
  EXPECT_EQ(host.transport().read_file("/etc/demo-svc/demo.conf").value(), "greeting=hello\n");
}

TEST_F(HostDeploymentTest, HeldPackageRefusesTheHostUntouched) {
  auto& host = add_host({"demo-lib=1.0-1", "demo-svc=1.0-1"});
  auto hold = host.transport().run(make_command(Tool::kApt, {"apt-mark", "hold", "demo-svc"}));
  ASSERT_TRUE(hold.has_value() && hold->succeeded());
  auto record = deploy_one(request("c1", {"demo-svc=1.1-1"}));
  EXPECT_EQ(record.state, "refused");
  EXPECT_EQ(record.outcome,
            "package 'demo-svc' is on hold: release it with 'apt-mark unhold demo-svc' or allow "
            "held packages in the policy");
  EXPECT_EQ(host.query("demo-svc"), "1.0-1 hi");
}

TEST_F(HostDeploymentTest, VersionThatIsNotTheCandidateIsRefused) {
  add_host({"demo-lib=1.0-1", "demo-svc=1.0-1"});
  auto change = request("c1", {"demo-svc=1.1-1"});
  change.policy.require_candidate = true;
  auto record = deploy_one(change);
  EXPECT_EQ(record.state, "refused");
  EXPECT_EQ(record.outcome,
            "planned version 1.1-1 of 'demo-svc' is not apt's candidate (1.3-1): plan again");
}

TEST_F(HostDeploymentTest, VersionThatIsNotAvailableIsRefused) {
  add_host({"demo-lib=1.0-1"});
  auto record = deploy_one(request("c1", {"demo-lib=1.0-1~nope"}));
  EXPECT_EQ(record.state, "refused");
  EXPECT_EQ(record.outcome,
            "planned version 1.0-1~nope of 'demo-lib' is not available from the host's apt "
            "sources: plan again");
}

TEST_F(HostDeploymentTest, InterruptedDpkgIsRefusedWithTheRepairCommand) {
  auto& host = add_host({"demo-lib=1.0-1"});
  std::ofstream(host.root() / "var/lib/dpkg/updates/0000") << "";
  auto record = deploy_one(request("c1", {"demo-lib=1.1-1"}));
  EXPECT_EQ(record.state, "refused");
  EXPECT_EQ(record.outcome,
            "dpkg was interrupted (journal files in /var/lib/dpkg/updates): run 'dpkg "
            "--configure -a'");
  EXPECT_EQ(host.query("demo-lib"), "1.0-1 ii");
}

TEST_F(HostDeploymentTest, HalfConfiguredPackageIsRefusedWithItsState) {
  auto& host = add_host({"demo-lib=1.1-1", "demo-svc=1.1-1"});
  Command broken = make_command(Tool::kApt, {"apt-get", "-q", "-y", "install", "demo-svc=1.2-1"},
                                {{"DEBIAN_FRONTEND", "noninteractive"}});
  auto result = host.transport().run(broken);
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->exit_code, 100) << result->output;
  auto record = deploy_one(request("c1", {"demo-lib=1.1-1"}));
  EXPECT_EQ(record.state, "refused");
  EXPECT_EQ(record.outcome,
            "package 'demo-svc:all' 1.2-1 is half-configured: run 'dpkg --configure -a'");
}

TEST_F(HostDeploymentTest, HeldDpkgLockRefusesTheHost) {
  auto& host = add_host({});
  pid_t child = testing::hold_frontend_lock(host.root().string());
  auto change = request("c1", {"demo-lib=1.1-1"});
  change.policy.lock_timeout = std::chrono::milliseconds(300);
  auto record = deploy_one(change);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_EQ(record.state, "refused");
  EXPECT_NE(record.outcome.find("is held by process"), std::string::npos) << record.outcome;
}

}  // namespace
}  // namespace patchplan::deploy

namespace patchplan::deploy {
namespace {

// A `sleep` that maps the host's demo library (as a service linked to it would), started
// before the library is replaced.
pid_t start_library_user(const testing::SandboxRoot& host) {
  std::string library = (host.root() / "usr/lib/demo/libdemo.so").string();
  pid_t user = ::fork();
  if (user == 0) {
    ::setenv("LD_PRELOAD", library.c_str(), 1);
    ::execlp("sleep", "sleep", "30", nullptr);
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  return user;
}

TEST_F(HostDeploymentTest, ProcessesMappingTheReplacedLibraryAreListedNotRestarted) {
  pid_t user = start_library_user(add_host({"demo-lib=1.0-1"}));
  auto change = request("c1", {"demo-lib=1.1-1"});
  change.policy.checks.clear();
  auto record = deploy_one(change);
  bool alive = ::kill(user, 0) == 0;
  ::kill(user, SIGKILL);
  ::waitpid(user, nullptr, 0);
  EXPECT_EQ(record.state, "succeeded");
  EXPECT_EQ(record.outcome,
            "at the planned versions, healthy; 1 processes map deleted files (not restarted)");
  EXPECT_TRUE(alive);
  store::JournalFilter filter;
  filter.host = "h0";
  auto entries = store().journal().list(filter).value();
  bool listed = false;
  for (const auto& entry : entries) {
    if (entry.change.action == "deploy.health.end") {
      listed =
          entry.change.details.find(fmt::format(R"("deleted_mappings":[{{"command":"sleep",)"
                                                R"("path":"/usr/lib/demo/libdemo.so","pid":{}}}])",
                                                user)) != std::string::npos;
    }
  }
  EXPECT_TRUE(listed);
}

}  // namespace
}  // namespace patchplan::deploy

namespace patchplan::deploy {
namespace {

// With the restart policy the step is journaled; a root: target runs no systemd of its
// own, so nothing is restarted there and the outcome says why.
TEST_F(HostDeploymentTest, RestartPolicyJournalsTheRestartStepAndSaysWhyNothingRestarted) {
  pid_t user = start_library_user(add_host({"demo-lib=1.0-1"}));
  auto change = request("c1", {"demo-lib=1.1-1"});
  change.policy.checks.clear();
  change.policy.restart = RestartPolicy::kRestart;
  auto record = deploy_one(change);
  bool alive = ::kill(user, 0) == 0;
  ::kill(user, SIGKILL);
  ::waitpid(user, nullptr, 0);
  EXPECT_EQ(record.state, "succeeded");
  EXPECT_NE(record.outcome.find("services mapping deleted files: "), std::string::npos)
      << record.outcome;
  EXPECT_NE(record.outcome.find("(sleep): not restarted: "), std::string::npos) << record.outcome;
  EXPECT_TRUE(alive);
  store::JournalFilter filter;
  filter.host = "h0";
  bool journaled = false;
  auto entries = store().journal().list(filter).value();
  for (const auto& entry : entries) {
    if (entry.change.action == "deploy.restart.end") {
      journaled =
          entry.change.details.find(fmt::format(R"("pids":[{}])", user)) != std::string::npos;
    }
  }
  EXPECT_TRUE(journaled);
}

}  // namespace
}  // namespace patchplan::deploy
