#include "deploy/rollout.hpp"

#include <gtest/gtest.h>

#include "deploy/tests/deploy_fixture.hpp"

namespace patchplan::deploy {
namespace {

using namespace std::chrono_literals;

class RolloutTest : public testing::DeployFixture {
 protected:
  RolloutOptions options() const {
    RolloutOptions out;
    out.db_path = db_path();
    out.settings = settings_;
    return out;
  }

  // The id of the first journal entry of `host` with `action`, 0 when there is none.
  std::int64_t first_entry(const std::string& host, const std::string& action) {
    store::JournalFilter filter;
    filter.host = host;
    auto entries = store().journal().list(filter);
    if (!entries) return 0;
    for (const auto& entry : *entries) {
      if (entry.change.action == action) return entry.id;
    }
    return 0;
  }
};

TEST_F(RolloutTest, CanarySucceedsThenTheNextRingIsPromoted) {
  for (int i = 0; i < 3; ++i) add_host({"demo-lib=1.0-1", "demo-svc=1.0-1"});
  auto change = request("c1", {"demo-svc=1.1-1", "demo-lib=1.1-1"}, {0, 1, 1});
  change.policy.concurrency = 2;
  auto result = start_rollout(change, options());
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->state, "finished");
  for (const auto& host : result->hosts) EXPECT_EQ(host.state, "succeeded") << host.host;
  for (auto& host : hosts_) EXPECT_EQ(host->query("demo-svc"), "1.1-1 ii");
  // The canary ended before the second ring began.
  EXPECT_LT(first_entry("h0", "deploy.host.end"), first_entry("h1", "deploy.lock.begin"));
  EXPECT_LT(first_entry("h0", "deploy.host.end"), first_entry("h2", "deploy.lock.begin"));
  EXPECT_TRUE(store().journal().verify().value().intact());
}

TEST_F(RolloutTest, CanaryFailureHaltsTheRolloutAndLeavesLaterRingsUntouched) {
  for (int i = 0; i < 3; ++i) add_host({"demo-lib=1.1-1", "demo-svc=1.1-1"});
  auto change = request("c1", {"demo-svc=1.3-1"}, {0, 1, 2});
  auto result = start_rollout(change, options());
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->state, "halted");
  EXPECT_EQ(result->hosts[0].state, "rolled-back");
  EXPECT_EQ(result->hosts[1].state, "not-started");
  EXPECT_EQ(result->hosts[2].state, "not-started");
  EXPECT_EQ(first_entry("h1", "deploy.lock.begin"), 0);
  for (auto& host : hosts_) EXPECT_EQ(host->query("demo-svc"), "1.1-1 ii");
}

TEST_F(RolloutTest, FailureThresholdAllowsSomeFailuresPerRing) {
  add_host({"demo-lib=1.0-1"});
  auto& held = add_host({"demo-lib=1.0-1"});
  add_host({"demo-lib=1.0-1"});
  auto hold = held.transport().run(make_command(Tool::kApt, {"apt-mark", "hold", "demo-lib"}));
  ASSERT_TRUE(hold.has_value() && hold->succeeded());
  auto change = request("c1", {"demo-lib=1.1-1"}, {0, 0, 1});
  change.policy.checks.clear();                  // no demo-svc on these hosts
  change.policy.failure_threshold.percent = 50;  // one of the two canaries may fail
  auto result = start_rollout(change, options());
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->state, "finished");
  EXPECT_EQ(result->hosts[0].state, "succeeded");
  EXPECT_EQ(result->hosts[1].state, "refused");
  EXPECT_EQ(result->hosts[2].state, "succeeded");
  EXPECT_EQ(held.query("demo-lib"), "1.0-1 hi");
}

TEST_F(RolloutTest, HostsNotReachedBeforeTheWindowClosesAreMissed) {
  for (int i = 0; i < 2; ++i) add_host({"demo-lib=1.0-1"});
  auto change = request("c1", {"demo-lib=1.1-1"}, {0, 1});
  change.policy.checks.clear();
  change.window_end = store::system_now() + 1500ms;
  change.policy.soak = 2s;
  auto result = start_rollout(change, options());
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->hosts[0].state, "succeeded");
  EXPECT_EQ(result->hosts[1].state, "missed");
  EXPECT_NE(result->hosts[1].outcome.find("the window closed at"), std::string::npos);
  EXPECT_EQ(hosts_[1]->query("demo-lib"), "1.0-1 ii");
}

TEST_F(RolloutTest, NowOverridesAClosedWindowAndIsJournaled) {
  add_host({"demo-lib=1.0-1"});
  auto change = request("c1", {"demo-lib=1.1-1"});
  change.policy.checks.clear();
  change.window_end = store::system_now() - 1s;
  RolloutOptions now = options();
  now.settings.override_reason = "emergency fix";
  auto result = start_rollout(change, now);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->hosts[0].state, "succeeded");
  store::JournalFilter filter;
  filter.host = "h0";
  auto entries = store().journal().list(filter).value();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().change.reason, "now: emergency fix");
}

TEST_F(RolloutTest, SecondDeploymentOnALockedHostIsRefused) {
  add_host({"demo-lib=1.0-1"});
  store::DeployRecords records(store().database());
  auto first = request("c1", {"demo-lib=1.1-1"});
  ASSERT_TRUE(records.create_change(
      {"c1", store::system_now(), change_request_json(first), "running"}, {}));
  ASSERT_TRUE(records.lock_host("h0", "c1", 4242, store::system_now()));
  auto result = start_rollout(request("c2", {"demo-lib=1.1-1"}), options());
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->hosts[0].state, "failed");
  EXPECT_NE(result->hosts[0].outcome.find("host 'h0' is locked by change 'c1' (process 4242"),
            std::string::npos)
      << result->hosts[0].outcome;
  EXPECT_EQ(hosts_[0]->query("demo-lib"), "1.0-1 ii");
}

TEST_F(RolloutTest, RollbackByHandReturnsAFinishedChangeToItsCheckpoint) {
  add_host({"demo-lib=1.0-1", "demo-svc=1.0-1"});
  auto result = start_rollout(request("c1", {"demo-svc=1.1-1", "demo-lib=1.1-1"}), options());
  ASSERT_TRUE(result.has_value()) << result.error().message;
  ASSERT_EQ(result->hosts[0].state, "succeeded");
  auto rolled = roll_back_change("c1", options());
  ASSERT_TRUE(rolled.has_value()) << rolled.error().message;
  EXPECT_EQ(rolled->hosts[0].state, "rolled-back");
  EXPECT_EQ(hosts_[0]->query("demo-svc"), "1.0-1 ii");
  EXPECT_EQ(hosts_[0]->query("demo-lib"), "1.0-1 ii");
}

TEST_F(RolloutTest, DryRunListsEveryCommandAndChangesNothing) {
  add_host({"demo-lib=1.0-1"});
  auto lines = dry_run_commands(request("c1", {"demo-lib=1.1-1"}), settings_.state_dir);
  ASSERT_TRUE(lines.has_value()) << lines.error().message;
  std::string all;
  for (const auto& line : *lines) all += line + "\n";
  EXPECT_NE(all.find("--download-only install demo-lib=1.1-1"), std::string::npos) << all;
  EXPECT_NE(all.find("--no-install-recommends install demo-lib=1.1-1"), std::string::npos);
  EXPECT_NE(all.find("APT_CONFIG="), std::string::npos);
  EXPECT_NE(all.find("--allow-downgrades --reinstall install"), std::string::npos);
  EXPECT_EQ(hosts_[0]->query("demo-lib"), "1.0-1 ii");
  EXPECT_NE(all.find("no reboot (not allowed)"), std::string::npos) << all;
}

TEST_F(RolloutTest, DryRunSaysWhenATreeCannotReboot) {
  add_host({"demo-lib=1.0-1"});
  auto change = request("c1", {"demo-lib=1.1-1"});
  change.policy.reboot_allowed = true;
  auto lines = dry_run_commands(change, settings_.state_dir);
  ASSERT_TRUE(lines.has_value()) << lines.error().message;
  std::string all;
  for (const auto& line : *lines) all += line + "\n";
  EXPECT_NE(all.find("no reboot (target 'chrootless:"), std::string::npos) << all;
  EXPECT_EQ(all.find("systemctl reboot"), std::string::npos) << all;
}

}  // namespace
}  // namespace patchplan::deploy
