// kill -9 trials: the patchplan binary is killed at a journaled step of a deployment (alone,
// or with every process it started, as a power cut would), then `deploy --resume` must
// leave every host fully at the planned versions or fully at its checkpoint, and the
// journal must verify.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "common/tests/run_process.hpp"
#include "deploy/change_request.hpp"
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

std::vector<int> children_of(int parent) {
  std::vector<int> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    // getline, not istreambuf_iterator: a process that exits between the open and the read
    // makes the read fail (ESRCH), which the stream turns into badbit instead of throwing.
    std::ifstream stat(entry.path() / "stat");
    std::string text;
    if (!std::getline(stat, text)) continue;
    std::size_t close = text.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(text.substr(close + 2));
    char state;
    int ppid = 0;
    fields >> state >> ppid;
    if (ppid == parent) out.push_back(std::stoi(name));
  }
  return out;
}

// Stops `root` and every descendant (repeatedly, so that none forks away), then kills them.
void kill_tree(pid_t root, bool whole_tree) {
  std::set<int> all{root};
  ::kill(root, SIGSTOP);
  for (int round = 0; whole_tree && round < 4; ++round) {
    std::vector<int> frontier(all.begin(), all.end());
    for (int pid : frontier) {
      for (int child : children_of(pid)) {
        if (all.insert(child).second) ::kill(child, SIGSTOP);
      }
    }
  }
  for (int pid : all) ::kill(pid, SIGKILL);
  for (int pid : all) {
    if (pid != root) ::kill(pid, SIGCONT);  // a stopped process dies once continued
  }
}

class CrashResumeTest : public testing::DeployFixture, public ::testing::WithParamInterface<Trial> {
 protected:
  int journal_count(const std::string& action) {
    auto opened = store::Store::open(db_path());
    if (!opened) return 0;
    auto entries = opened->journal().list({});
    if (!entries) return 0;
    int count = 0;
    for (const auto& entry : *entries) count += entry.change.action == action ? 1 : 0;
    return count;
  }
};

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

  pid_t pid = ::fork();
  if (pid == 0) {
    int null_fd = ::open("/dev/null", O_RDWR);
    ::dup2(null_fd, 0);
    ::dup2(null_fd, 1);
    ::dup2(null_fd, 2);
    ::execl(PATCHPLAN_BINARY, PATCHPLAN_BINARY, "--db", db_path().c_str(), "deploy",
            request_path.c_str(), nullptr);
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  bool seen = false;
  while (!seen && std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) break;  // finished before the kill point
    seen = journal_count(trial.action) >= trial.occurrence;
    if (!seen) std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(seen) << "the deployment never reached " << trial.action;
  std::this_thread::sleep_for(std::chrono::milliseconds(trial.delay_ms));
  kill_tree(pid, trial.whole_tree);
  ::waitpid(pid, nullptr, 0);

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
