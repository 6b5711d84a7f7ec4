// kill -9 trials: the patchplan binary is killed at a journaled step of a deployment (alone,
// or with every process it started, as a power cut would), then `deploy --resume` must
// leave every host fully at the planned versions or fully at its checkpoint, and the
// journal must verify.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "common/tests/run_process.hpp"
#include "deploy/change_request.hpp"
#include "deploy/tests/crash_harness.hpp"
#include "deploy/tests/deploy_fixture.hpp"

namespace patchplan::deploy {
namespace {

using namespace std::chrono_literals;

struct Trial {
  const char* name;
  bool failing;        // the change's postinst fails, so the rollback steps run
  const char* action;  // journal action whose appearance triggers the kill
  int delay_ms;        // after it appeared
  bool whole_tree;     // also kill apt, dpkg and the maintainer scripts
  int occurrence = 1;  // the kill waits for this many entries of `action` (2: second host)
};

class CrashResumeTest : public testing::DeployFixture,
                        public ::testing::WithParamInterface<Trial> {};

TEST_P(CrashResumeTest, ResumeEndsEveryHostAtThePlanOrAtTheCheckpoint) {
  const Trial& trial = GetParam();
  const std::vector<std::string> before = {"demo-lib=1.0-1", "demo-svc=1.0-1", "demo-slow=1.0-1"};
  for (int i = 0; i < 2; ++i) add_host(before);
  auto change = request(
      "crash",
      {trial.failing ? "demo-svc=1.2-1" : "demo-svc=1.1-1", "demo-lib=1.1-1", "demo-slow=1.1-1"},
      {0, 1});
  change.policy.lock_timeout = 120s;
  change.policy.failure_threshold.absolute = 1;
  std::string request_path = (dir_.path() / "request.json").string();
  std::ofstream(request_path) << change_request_json(change);

  pid_t pid =
      testing::start_in_background({PATCHPLAN_BINARY, "--db", db_path(), "deploy", request_path});
  ASSERT_TRUE(testing::wait_for_journal(pid, db_path(), trial.action, trial.occurrence, 60s))
      << "the deployment never reached " << trial.action;
  std::this_thread::sleep_for(std::chrono::milliseconds(trial.delay_ms));
  testing::kill_tree(pid, trial.whole_tree);

  auto resumed = patchplan::testing::run_process(
      {PATCHPLAN_BINARY, "--db", db_path(), "deploy", "--resume", "crash"});
  EXPECT_TRUE(resumed.exit_code == 0 || resumed.exit_code == 1) << resumed.err;
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    std::string state = hosts_[i]->query("demo-svc") + " " + hosts_[i]->query("demo-lib") + " " +
                        hosts_[i]->query("demo-slow");
    std::string planned = trial.failing ? "" : "1.1-1 ii 1.1-1 ii 1.1-1 ii";
    EXPECT_TRUE(state == planned || state == "1.0-1 ii 1.0-1 ii 1.0-1 ii")
        << "host " << i << ": " << state << "\n"
        << resumed.out << resumed.err;
  }
  auto verify =
      patchplan::testing::run_process({PATCHPLAN_BINARY, "--db", db_path(), "journal", "--verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  auto again = patchplan::testing::run_process(
      {PATCHPLAN_BINARY, "--db", db_path(), "deploy", "--resume", "crash"});
  EXPECT_TRUE(again.exit_code == 0 || again.exit_code == 1) << again.err;
  EXPECT_EQ(again.out, resumed.out) << "a second resume changed something";
}

std::string trial_name(const ::testing::TestParamInfo<Trial>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(
    Trials, CrashResumeTest,
    ::testing::Values(Trial{"AfterLock", false, "deploy.lock.end", 0, false},
                      Trial{"AfterPrecheck", false, "deploy.precheck.end", 0, true},
                      Trial{"AfterCheckpoint", false, "deploy.checkpoint.end", 0, false},
                      Trial{"InCheckpoint", false, "deploy.checkpoint.begin", 5, true},
                      Trial{"InDownload", false, "deploy.download.begin", 20, true},
                      Trial{"InDownloadAlone", false, "deploy.download.begin", 20, false},
                      Trial{"InstallStart", false, "deploy.install.begin", 0, true},
                      Trial{"InstallUnpack", false, "deploy.install.begin", 250, true},
                      Trial{"InstallPostinst", false, "deploy.install.begin", 900, true},
                      Trial{"InstallLate", false, "deploy.install.begin", 1800, true},
                      Trial{"InstallAloneEarly", false, "deploy.install.begin", 250, false},
                      Trial{"InstallAloneLate", false, "deploy.install.begin", 1500, false},
                      Trial{"InHealth", false, "deploy.health.begin", 0, true},
                      Trial{"AfterHealth", false, "deploy.health.end", 0, false},
                      Trial{"SecondHostInstall", false, "deploy.install.begin", 400, true, 2},
                      Trial{"FailingInstall", true, "deploy.install.begin", 600, true},
                      Trial{"FailingInstallAlone", true, "deploy.install.begin", 600, false},
                      Trial{"FailingHealth", true, "deploy.health.begin", 0, true},
                      Trial{"InRollback", true, "deploy.rollback.begin", 0, true},
                      Trial{"InRollbackLate", true, "deploy.rollback.begin", 400, true},
                      Trial{"InRollbackAlone", true, "deploy.rollback.begin", 300, false},
                      Trial{"InVerify", true, "deploy.verify.begin", 0, true},
                      Trial{"AfterVerify", true, "deploy.verify.end", 0, false}),
    trial_name);

}  // namespace
}  // namespace patchplan::deploy
