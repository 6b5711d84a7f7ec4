// Deploying a stored plan made by the real planner for two sandbox hosts: approval and
// latest-version refusals, ring by ring in each wave's window, the plan in the journal.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "deploy/plan_change.hpp"
#include "deploy/rollout.hpp"
#include "deploy/tests/deploy_fixture.hpp"
#include "plan/plan_json.hpp"
#include "plan/planner.hpp"
#include "plan/policy_loader.hpp"
#include "store/plan_records.hpp"

namespace patchplan::deploy {
namespace {

class PlanDeployTest : public testing::DeployFixture {
 protected:
  // Two hosts at demo-lib 1.0-1 (h0 canary, h1 broad), assessed with apt's candidate 1.1-1
  // pending; the plan of the default policy from `now`, stored; returns its id.
  std::int64_t store_plan(plan::Instant now) {
    for (int i = 0; i < 2; ++i) add_host({"demo-lib=1.0-1"});
    auto hosts = plan::parse_hosts(hosts_yaml(), "hosts.yaml");
    EXPECT_TRUE(hosts.has_value()) << hosts.error().message;
    hosts_file_ = *hosts;
    plan::PlanInput input;
    input.policy = &plan::default_policy();
    input.hosts = &hosts_file_;
    input.now = now;
    for (const char* name : {"h0", "h1"}) {
      plan::HostFindings findings;
      findings.host = name;
      findings.assessed_at = now;
      {
        plan::PendingPackage update;
        update.package = "demo-lib";
        update.architecture = "all";
        update.installed_version = "1.0-1";
        update.candidate_version = "1.1-1";
        update.source_package = "demo-lib";
        update.first_seen = now;
        findings.updates.push_back(update);
      }
      input.findings.push_back(findings);
    }
    auto made = plan::make_plan(input);
    EXPECT_TRUE(made.has_value()) << made.error().message;
    plan_ = *made;
    auto stored = records().record_plan(plan::plan_json(*made), plan::format_instant(made->from),
                                        plan::format_instant(made->until));
    EXPECT_TRUE(stored.has_value()) << stored.error().message;
    return stored ? stored->id : 0;
  }

  [[nodiscard]] std::string hosts_yaml() const {
    return fmt::format(
        "hosts:\n  - {{name: h0, address: '{}', tags: [canary], ring: canary}}\n"
        "  - {{name: h1, address: '{}', ring: broad}}\n",
        hosts_[0]->target(), hosts_[1]->target());
  }

  store::PlanRecords records() {
    return store::PlanRecords(store().database(), store().journal(), settings_.actor,
                              store::system_now);
  }

  // The wave of `ring` in the stored plan.
  const plan::Wave& wave_of(const std::string& ring) const {
    for (const auto& wave : plan_.waves) {
      if (wave.ring == ring) return wave;
    }
    ADD_FAILURE() << "no wave for ring " << ring;
    return plan_.waves.front();
  }

  RolloutOptions options_at(plan::Instant when) {
    RolloutOptions options;
    options.db_path = db_path();
    options.settings = settings_;
    options.settings.clock = [when] {
      return std::chrono::time_point_cast<std::chrono::milliseconds>(when);
    };
    return options;
  }

  PlanSelection selection(std::int64_t id, const std::string& ring) const {
    PlanSelection out;
    out.plan_id = id;
    out.ring = ring;
    out.policy.lock_timeout = std::chrono::seconds(2);
    return out;
  }

  plan::HostsFile hosts_file_;
  plan::Plan plan_;
};

const plan::Instant kNow = plan::parse_instant("2026-12-01T00:00Z").value();

TEST_F(PlanDeployTest, ApprovedPlanIsDeployedRingByRingInItsWindows) {
  auto id = store_plan(kNow);
  ASSERT_TRUE(records().approve(id, "CAB-1").has_value());
  ASSERT_EQ(hosts_[0]->query("demo-lib"), "1.0-1 ii");

  auto canary = change_from_plan(store(), selection(id, "canary"), hosts_file_);
  ASSERT_TRUE(canary.has_value()) << canary.error().message;
  EXPECT_EQ(canary->change_id, fmt::format("plan-{}-v1-canary", id));
  ASSERT_EQ(canary->hosts.size(), 1u);
  EXPECT_EQ(canary->hosts[0].name, "h0");
  EXPECT_EQ(canary->hosts[0].target, hosts_[0]->target());
  ASSERT_EQ(canary->packages_of("h0").size(), 1u);
  EXPECT_EQ(canary->packages_of("h0")[0].version, "1.1-1");

  // Before its window the canary does not start.
  auto early = start_rollout(*canary, options_at(wave_of("canary").start - std::chrono::hours(1)));
  ASSERT_TRUE(early.has_value()) << early.error().message;
  EXPECT_EQ(early->hosts[0].state, "not-started");
  EXPECT_NE(early->hosts[0].outcome.find("its window opens at"), std::string::npos);
  EXPECT_EQ(hosts_[0]->query("demo-lib"), "1.0-1 ii");

  // In its window (a new change id: the first one is recorded as not started).
  canary->change_id += "-retry";
  auto done = start_rollout(*canary, options_at(wave_of("canary").start));
  ASSERT_TRUE(done.has_value()) << done.error().message;
  EXPECT_EQ(done->hosts[0].state, "succeeded") << done->hosts[0].outcome;
  EXPECT_EQ(hosts_[0]->query("demo-lib"), "1.1-1 ii");
  EXPECT_EQ(hosts_[1]->query("demo-lib"), "1.0-1 ii");

  auto broad = change_from_plan(store(), selection(id, "broad"), hosts_file_);
  ASSERT_TRUE(broad.has_value()) << broad.error().message;
  auto after = start_rollout(*broad, options_at(wave_of("broad").start));
  ASSERT_TRUE(after.has_value()) << after.error().message;
  EXPECT_EQ(after->hosts[0].state, "succeeded") << after->hosts[0].outcome;
  EXPECT_EQ(hosts_[1]->query("demo-lib"), "1.1-1 ii");

  // Every journal entry of the deployment names the plan and its version.
  store::JournalFilter filter;
  filter.host = "h1";
  auto entries = store().journal().list(filter);
  ASSERT_TRUE(entries.has_value());
  int deploy_entries = 0;
  for (const auto& entry : *entries) {
    if (!entry.change.action.starts_with("deploy.")) continue;
    ++deploy_entries;
    auto details = nlohmann::json::parse(entry.change.details);
    EXPECT_EQ(details["plan"]["id"], id) << entry.change.action;
    EXPECT_EQ(details["plan"]["version"], 1) << entry.change.action;
  }
  EXPECT_GT(deploy_entries, 5);
  EXPECT_TRUE(store().journal().verify().value().intact());
}

// The policy's deploy: section is the deployment policy of `deploy --plan`: its failing
// check rolls the canary back; a passing one lets it through.
TEST_F(PlanDeployTest, ThePolicysDeploySectionGovernsThePlansDeployment) {
  auto id = store_plan(kNow);
  ASSERT_TRUE(records().approve(id, "CAB-2").has_value());
  auto policy = plan::parse_policy(
      "deploy:\n  concurrency: 2\n  failure_threshold: 50%\n  restart: never\n"
      "  lock_timeout: 2s\n  checks:\n    - {name: service answers, command: [false]}\n",
      "policy.yaml");
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  PlanSelection chosen = selection(id, "canary");
  chosen.policy = deploy_policy_of(policy->deploy);
  EXPECT_EQ(chosen.policy.concurrency, 2);
  EXPECT_EQ(chosen.policy.failure_threshold.allowed_failures(4), 2);
  EXPECT_EQ(chosen.policy.restart, RestartPolicy::kNever);
  ASSERT_EQ(chosen.policy.checks.size(), 1u);
  auto canary = change_from_plan(store(), chosen, hosts_file_);
  ASSERT_TRUE(canary.has_value()) << canary.error().message;
  auto done = start_rollout(*canary, options_at(wave_of("canary").start));
  ASSERT_TRUE(done.has_value()) << done.error().message;
  EXPECT_EQ(done->hosts[0].state, "rolled-back") << done->hosts[0].outcome;
  EXPECT_NE(done->hosts[0].outcome.find("service answers"), std::string::npos)
      << done->hosts[0].outcome;
  EXPECT_EQ(hosts_[0]->query("demo-lib"), "1.0-1 ii");

  chosen.policy.checks.front().argv = {"true"};
  auto again = change_from_plan(store(), chosen, hosts_file_);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  again->change_id += "-retry";
  auto passed = start_rollout(*again, options_at(wave_of("canary").start));
  ASSERT_TRUE(passed.has_value()) << passed.error().message;
  EXPECT_EQ(passed->hosts[0].state, "succeeded") << passed->hosts[0].outcome;
  EXPECT_EQ(hosts_[0]->query("demo-lib"), "1.1-1 ii");
}

TEST_F(PlanDeployTest, PlanThatIsNotApprovedIsRefused) {
  auto id = store_plan(kNow);
  auto change = change_from_plan(store(), selection(id, "canary"), hosts_file_);
  ASSERT_FALSE(change.has_value());
  EXPECT_EQ(change.error().code, ErrorCode::kConflict);
  EXPECT_EQ(change.error().message,
            fmt::format("plan {} (2026-12 v1) is not approved: approve it first with 'patchplan "
                        "plan approve {}'",
                        id, id));
}

TEST_F(PlanDeployTest, ApprovedVersionThatIsNotTheLatestIsRefused) {
  auto id = store_plan(kNow);
  ASSERT_TRUE(records().approve(id).has_value());
  auto newer = records().record_plan(plan::plan_json(plan_), plan::format_instant(plan_.from),
                                     plan::format_instant(plan_.until));
  ASSERT_TRUE(newer.has_value());
  auto change = change_from_plan(store(), selection(id, "canary"), hosts_file_);
  ASSERT_FALSE(change.has_value());
  EXPECT_EQ(change.error().code, ErrorCode::kConflict);
  EXPECT_EQ(change.error().message,
            fmt::format("plan {} (2026-12 v1) is not the latest plan of 2026-12: version 2 is "
                        "newer; approve and deploy that one",
                        id));
}

TEST_F(PlanDeployTest, RingWithoutWavesAndHostWithoutAddressAreNotFound) {
  auto id = store_plan(kNow);
  ASSERT_TRUE(records().approve(id).has_value());
  auto none = change_from_plan(store(), selection(id, "nosuchring"), hosts_file_);
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
  hosts_file_.hosts[0].address.clear();
  auto unaddressed = change_from_plan(store(), selection(id, "canary"), hosts_file_);
  ASSERT_FALSE(unaddressed.has_value());
  EXPECT_EQ(unaddressed.error().message,
            fmt::format("host 'h0' of plan {} (2026-12 v1) has no address in 'hosts.yaml'", id));
}

TEST_F(PlanDeployTest, UnknownPlanIsNotFound) {
  auto change = change_from_plan(store(), selection(42, "canary"), hosts_file_);
  ASSERT_FALSE(change.has_value());
  EXPECT_EQ(change.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace patchplan::deploy
