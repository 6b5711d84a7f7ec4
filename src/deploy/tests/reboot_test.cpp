// The reboot step: a change installing a kernel on a host that may not reboot is reported
// "patched, reboot pending" with why; on a container (a real systemd booted from the
// host's tree, testing::SystemdSandbox) that may, the container is rebooted, booted again
// as a hypervisor would, and the gates run on the new boot, also after a resume.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/tests/run_process.hpp"
#include "common/tests/systemd_sandbox.hpp"
#include "deploy/tests/crash_harness.hpp"
#include "deploy/tests/deploy_fixture.hpp"
#include "store/journal.hpp"

namespace patchplan::deploy {
namespace {

using patchplan::testing::SystemdSandbox;

class RebootTest : public testing::DeployFixture {
 protected:
  // The kernel change on h0: linux-image-demo 1.0-1 -> 1.1-1, no health check of demo-svc.
  ChangeRequest kernel_change(bool reboot_allowed) {
    add_host({"linux-image-demo=1.0-1"});
    ChangeRequest change = request("k1", {"linux-image-demo=1.1-1"});
    change.policy.checks.clear();
    change.policy.reboot_allowed = reboot_allowed;
    change.policy.reboot_timeout = std::chrono::seconds(60);
    return change;
  }

  std::unique_ptr<SystemdSandbox> boot_container(const std::filesystem::path& root) {
    SystemdSandbox::Options options;
    options.root = root.string();
    std::string error;
    auto sandbox = SystemdSandbox::boot(options, error);
    EXPECT_NE(sandbox, nullptr) << error;
    return sandbox;
  }

  // The details of h0's journal entries named `action`, in order.
  std::vector<std::string> journal_details(const std::string& action) {
    store::JournalFilter filter;
    filter.host = "h0";
    auto entries = store().journal().list(filter);
    std::vector<std::string> out;
    if (!entries) return out;
    for (const auto& entry : *entries) {
      if (entry.change.action == action) out.push_back(entry.change.details);
    }
    return out;
  }
};

TEST_F(RebootTest, NotAllowedByThePolicyLeavesTheHostPatchedAndRebootPending) {
  auto record = deploy_one(kernel_change(false));
  EXPECT_EQ(record.state, "succeeded") << record.outcome;
  EXPECT_NE(record.outcome.find("patched, reboot pending: new kernel linux-image-demo (the "
                                "policy does not allow reboots)"),
            std::string::npos)
      << record.outcome;
  EXPECT_EQ(hosts_[0]->query("linux-image-demo"), "1.1-1 ii");
  EXPECT_TRUE(journal_details("deploy.reboot.begin").empty());
}

TEST_F(RebootTest, AllowedOnATreeNothingBootsFromIsPendingWithWhy) {
  auto record = deploy_one(kernel_change(true));
  EXPECT_EQ(record.state, "succeeded") << record.outcome;
  EXPECT_NE(record.outcome.find("reboot pending: new kernel linux-image-demo (target 'chrootless:"),
            std::string::npos)
      << record.outcome;
  EXPECT_NE(record.outcome.find("no running system boots from"), std::string::npos)
      << record.outcome;
}

TEST_F(RebootTest, AClosedWindowDefersTheReboot) {
  ChangeRequest change = kernel_change(true);
  const store::Timestamp start = store::system_now();
  change.hosts[0].window_end = start + std::chrono::minutes(30);
  // The install ran late: by the time the reboot is due, the window is over.
  settings_.clock = [start] { return start + std::chrono::hours(1); };
  auto record = deploy_one(change);
  EXPECT_NE(
      record.outcome.find("reboot pending: new kernel linux-image-demo (the window closed at"),
      std::string::npos)
      << record.outcome;
}

TEST_F(RebootTest, APlanHostsOwnNeverOverridesThePolicy) {
  ChangeRequest change = kernel_change(true);
  change.hosts[0].reboot_allowed = false;
  auto record = deploy_one(change);
  EXPECT_NE(record.outcome.find("(the policy does not allow reboots)"), std::string::npos)
      << record.outcome;
}

TEST_F(RebootTest, AContainerIsRebootedAndTheGatesRunOnTheNewBoot) {
  ChangeRequest change = kernel_change(true);
  auto container = boot_container(hosts_[0]->root());
  ASSERT_NE(container, nullptr);
  const pid_t first_init = container->manager_pid();
  store::DeployHostRecord record;
  std::thread deployment([&] { record = deploy_one(change); });
  // The deployment asks the container's systemd for a reboot; its init ends, and the tree
  // is booted again, as a container manager would.
  bool went_down = container->wait_for_exit(std::chrono::seconds(60));
  if (went_down) container = boot_container(hosts_[0]->root());
  deployment.join();
  ASSERT_TRUE(went_down) << "the container was not rebooted: " << record.outcome;
  ASSERT_NE(container, nullptr);
  EXPECT_NE(container->manager_pid(), first_init);
  EXPECT_EQ(record.state, "succeeded") << record.outcome;
  EXPECT_NE(record.outcome.find("at the planned versions, healthy; rebooted (new kernel "
                                "linux-image-demo)"),
            std::string::npos)
      << record.outcome;
  auto begun = journal_details("deploy.reboot.begin");
  auto ended = journal_details("deploy.reboot.end");
  ASSERT_EQ(begun.size(), 1u);
  ASSERT_EQ(ended.size(), 1u);
  auto before = nlohmann::json::parse(begun[0]).at("boot").get<std::string>();
  auto after = nlohmann::json::parse(ended[0]).at("boot").get<std::string>();
  EXPECT_NE(before.find(fmt::format("init {} ", first_init)), std::string::npos) << before;
  EXPECT_NE(after.find(fmt::format("init {} ", container->manager_pid())), std::string::npos)
      << after;
  EXPECT_EQ(journal_details("deploy.health.end").size(), 2u);  // before and after the reboot
  expect_journal_has("h0", "deploy.host.end");
}

TEST_F(RebootTest, AResumeAfterTheRebootCompletesTheHost) {
  // The local host takes patchplan down with its reboot: here the deployment gives up
  // waiting, the host stays "running" at its reboot step, and a resume after the boot
  // finishes it.
  ChangeRequest change = kernel_change(true);
  change.policy.reboot_timeout = std::chrono::seconds(2);
  auto container = boot_container(hosts_[0]->root());
  ASSERT_NE(container, nullptr);
  store::DeployRecords records(store().database());
  store::DeployHostRecord row;
  row.change_id = change.change_id;
  row.host = "h0";
  ASSERT_TRUE(records.create_change(
      {change.change_id, store::system_now(), change_request_json(change), "running"}, {row}));
  {
    HostDeployment deployment(store(), change, row, settings_);
    auto result = deployment.run();
    ASSERT_FALSE(result.has_value());
    EXPECT_NE(result.error().message.find("did not come back from its reboot within 2 s"),
              std::string::npos)
        << result.error().message;
  }
  ASSERT_TRUE(container->wait_for_exit(std::chrono::seconds(60)));
  auto stored = records.hosts(change.change_id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->at(0).step, "reboot");
  EXPECT_EQ(stored->at(0).state, "running");
  EXPECT_FALSE(stored->at(0).boot_before.empty());

  {
    // A resume that cannot take the dpkg lock (held by another process, as apt-daily's
    // would be after a boot) fails, and leaves the interrupted step as it was: a later
    // resume must still know the host was rebooting, not restart it from the lock step.
    pid_t holder = testing::hold_frontend_lock(hosts_[0]->root().string());
    ChangeRequest impatient = change;
    impatient.policy.lock_timeout = std::chrono::milliseconds(300);
    HostDeployment blocked(store(), impatient, stored->at(0), settings_);
    auto result = blocked.resume();
    ::kill(holder, SIGKILL);
    ::waitpid(holder, nullptr, 0);
    EXPECT_FALSE(result.has_value());
    auto after = records.hosts(change.change_id);
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(after->at(0).step, "reboot");
    EXPECT_EQ(after->at(0).state, "running");
  }

  container = boot_container(hosts_[0]->root());
  ASSERT_NE(container, nullptr);
  HostDeployment resumed(store(), change, stored->at(0), settings_);
  auto result = resumed.resume();
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->state, "succeeded") << result->outcome;
  EXPECT_NE(result->outcome.find("rebooted (resumed)"), std::string::npos) << result->outcome;
  EXPECT_EQ(hosts_[0]->query("linux-image-demo"), "1.1-1 ii");
  EXPECT_EQ(journal_details("deploy.reboot.begin").size(), 1u);  // not asked twice
  auto verified = store().journal().verify();
  ASSERT_TRUE(verified.has_value());
  EXPECT_TRUE(verified->intact());
}

// A container manager for one tree: boots it, and boots it again whenever its init ends.
class ContainerKeeper {
 public:
  explicit ContainerKeeper(const std::filesystem::path& root) : root_(root) {
    sandbox_ = boot(error_);
    if (sandbox_) thread_ = std::thread([this] { keep(); });
  }
  ~ContainerKeeper() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  [[nodiscard]] bool running() const { return sandbox_ != nullptr; }
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  std::unique_ptr<SystemdSandbox> boot(std::string& error) const {
    SystemdSandbox::Options options;
    options.root = root_.string();
    return SystemdSandbox::boot(options, error);
  }
  void keep() {
    while (!stop_) {
      if (!sandbox_->wait_for_exit(std::chrono::milliseconds(100))) continue;
      std::string error;
      auto next = boot(error);
      if (!next) {
        error_ = error;
        return;
      }
      sandbox_ = std::move(next);
    }
  }

  std::filesystem::path root_;
  std::string error_;
  std::unique_ptr<SystemdSandbox> sandbox_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// kill -9 trials of the reboot step through the binary, on a container kept running as a
// container manager would: killed while it awaits the new boot, killed with the reboot
// command itself, killed in the gates after the reboot. Each time `deploy --resume` must end
// the host at the planned version, rebooted, and the journal must verify.
struct RebootTrial {
  const char* name;
  const char* action;  // the journal entry whose appearance triggers the kill
  int occurrence;
  int delay_ms;
  bool whole_tree;  // also kill what the binary started (systemctl reboot)
};

class RebootCrashTest : public RebootTest, public ::testing::WithParamInterface<RebootTrial> {};

TEST_P(RebootCrashTest, ResumeFinishesTheRebootedHost) {
  const RebootTrial& trial = GetParam();
  ChangeRequest change = kernel_change(true);
  const std::string request_path = (dir_.path() / "request.json").string();
  std::ofstream(request_path) << change_request_json(change);
  ContainerKeeper container(hosts_[0]->root());
  ASSERT_TRUE(container.running()) << container.error();

  pid_t pid =
      testing::start_in_background({PATCHPLAN_BINARY, "--db", db_path(), "deploy", request_path});
  ASSERT_TRUE(testing::wait_for_journal(pid, db_path(), trial.action, trial.occurrence,
                                        std::chrono::seconds(90)))
      << "the deployment never reached " << trial.action;
  std::this_thread::sleep_for(std::chrono::milliseconds(trial.delay_ms));
  testing::kill_tree(pid, trial.whole_tree);

  auto resumed = patchplan::testing::run_process(
      {PATCHPLAN_BINARY, "--db", db_path(), "deploy", "--resume", change.change_id});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  EXPECT_EQ(hosts_[0]->query("linux-image-demo"), "1.1-1 ii");
  auto stored = store::DeployRecords(store().database()).hosts(change.change_id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->at(0).state, "succeeded") << stored->at(0).outcome;
  EXPECT_NE(stored->at(0).outcome.find("; rebooted"), std::string::npos) << stored->at(0).outcome;
  // Asked once, or twice when the kill came before systemctl reboot was: never more; and the
  // boot it ended in is not the one it began in.
  auto begun = journal_details("deploy.reboot.begin");
  auto ended = journal_details("deploy.reboot.end");
  ASSERT_FALSE(begun.empty());
  ASSERT_FALSE(ended.empty());
  EXPECT_LE(begun.size(), 2u);
  EXPECT_NE(nlohmann::json::parse(begun.back()).at("boot"),
            nlohmann::json::parse(ended.back()).value("boot", ""));
  auto verify =
      patchplan::testing::run_process({PATCHPLAN_BINARY, "--db", db_path(), "journal", "--verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

std::string reboot_trial_name(const ::testing::TestParamInfo<RebootTrial>& info) {
  return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(
    Trials, RebootCrashTest,
    ::testing::Values(RebootTrial{"AwaitingTheNewBoot", "deploy.reboot.begin", 1, 50, false},
                      RebootTrial{"WithTheRebootCommand", "deploy.reboot.begin", 1, 0, true},
                      RebootTrial{"InTheGatesAfterTheReboot", "deploy.health.begin", 2, 0, true}),
    reboot_trial_name);

}  // namespace
}  // namespace patchplan::deploy
