// `patchplan deploy` and `patchplan rollback` as a user runs them: options, output, exit codes.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/tests/run_process.hpp"
#include "deploy/tests/deploy_fixture.hpp"
#include "plan/plan_json.hpp"
#include "store/plan_records.hpp"

namespace patchplan::deploy {
namespace {

using patchplan::testing::run_process;

class DeployCliTest : public testing::DeployFixture {
 protected:
  patchplan::testing::ProcessResult patchplan(std::vector<std::string> args) {
    args.insert(args.begin(), {PATCHPLAN_BINARY, "--db", db_path()});
    return run_process(args);
  }
  std::string write_request(const ChangeRequest& change) {
    std::string path = (dir_.path() / "request.json").string();
    std::ofstream(path) << change_request_json(change);
    return path;
  }
};

TEST_F(DeployCliTest, NeitherRequestNorResumeIsAUsageError) {
  auto result = patchplan({"deploy"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "patchplan: error: give a change request file, --plan PLAN-ID or --resume "
            "CHANGE-ID\n");
}

TEST_F(DeployCliTest, RingWithoutPlanIsAUsageError) {
  auto result = patchplan({"deploy", "--resume", "x", "--ring", "canary"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "patchplan: error: --ring needs --plan\n");
  auto policy = patchplan({"deploy", "request.json", "--policy", "policy.yaml"});
  EXPECT_EQ(policy.exit_code, 2);
  EXPECT_EQ(policy.err, "patchplan: error: --policy needs --plan (a request file has its own)\n");
}

TEST_F(DeployCliTest, PlanIsDeployedOnlyWhenApprovedAndWithWaves) {
  std::string hosts = (dir_.path() / "hosts.yaml").string();
  std::ofstream(hosts) << "hosts:\n  - {name: h0, address: local}\n";
  // A stored plan without waves, as the real planner writes an empty one.
  plan::Plan empty;
  empty.from = plan::parse_instant("2026-12-01T00:00Z").value();
  empty.until = plan::parse_instant("2027-01-01T00:00Z").value();
  empty.now = empty.from;
  store::PlanRecords records(store().database(), store().journal(), settings_.actor,
                             store::system_now);
  auto stored =
      records.record_plan(plan::plan_json(empty), "2026-12-01T00:00Z", "2027-01-01T00:00Z");
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  const std::string id = std::to_string(stored->id);

  auto refused = patchplan({"deploy", "--plan", id, "--hosts", hosts});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.err, fmt::format("patchplan: error: plan {} (2026-12 v1) is not approved: "
                                     "approve it first with 'patchplan plan approve {}'\n",
                                     id, id));
  ASSERT_TRUE(records.approve(stored->id).has_value());
  auto nothing = patchplan({"deploy", "--plan", id, "--hosts", hosts, "--ring", "canary"});
  EXPECT_EQ(nothing.exit_code, 1);
  EXPECT_EQ(nothing.err,
            fmt::format("patchplan: error: plan {} (2026-12 v1) has no wave in ring 'canary' "
                        "with updates to deploy\n",
                        id));
  auto missing_hosts = patchplan({"deploy", "--plan", id, "--hosts", "/nonexistent/hosts.yaml"});
  EXPECT_EQ(missing_hosts.exit_code, 1);
  EXPECT_NE(missing_hosts.err.find("/nonexistent/hosts.yaml"), std::string::npos);
}

TEST_F(DeployCliTest, MissingRequestFileIsAnErrorNamingIt) {
  auto result = patchplan({"deploy", "/nonexistent/request.json"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err,
            "patchplan: error: cannot read change request '/nonexistent/request.json': No such "
            "file or directory\n");
}

TEST_F(DeployCliTest, DeployPrintsEachHostAndRollbackUndoesIt) {
  auto& host = add_host({"demo-lib=1.0-1", "demo-svc=1.0-1"});
  std::string path = write_request(request("cli-1", {"demo-svc=1.1-1", "demo-lib=1.1-1"}));
  auto deployed = patchplan({"--json", "deploy", path});
  ASSERT_EQ(deployed.exit_code, 0) << deployed.err;
  auto document = nlohmann::json::parse(deployed.out);
  EXPECT_EQ(document["kind"], "deployment");
  EXPECT_EQ(document["state"], "finished");
  EXPECT_EQ(document["hosts"][0]["state"], "succeeded");
  EXPECT_EQ(host.query("demo-svc"), "1.1-1 ii");
  // The listing says what each step of the change decided and how it ended.
  auto listed = patchplan({"journal"});
  EXPECT_NE(listed.out.find("change cli-1 · exit code 0"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("decided by patchplan"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("change cli-1 · succeeded · at the planned versions, healthy"),
            std::string::npos)
      << listed.out;

  auto again = patchplan({"deploy", path});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err,
            "patchplan: error: change 'cli-1' exists already: complete it with 'deploy --resume "
            "cli-1', or give a new attempt a change_id of its own\n");

  auto rolled = patchplan({"rollback", "cli-1"});
  EXPECT_EQ(rolled.exit_code, 0) << rolled.err;
  EXPECT_NE(rolled.out.find("rolled-back"), std::string::npos) << rolled.out;
  EXPECT_EQ(host.query("demo-svc"), "1.0-1 ii");
  EXPECT_EQ(patchplan({"journal", "--verify"}).exit_code, 0);
}

TEST_F(DeployCliTest, FailedHostMakesTheExitCodeOne) {
  add_host({"demo-lib=1.1-1", "demo-svc=1.1-1"});
  auto deployed = patchplan({"deploy", write_request(request("cli-2", {"demo-svc=1.2-1"}))});
  EXPECT_EQ(deployed.exit_code, 1) << deployed.err;
  EXPECT_NE(deployed.out.find("rolled-back"), std::string::npos) << deployed.out;
}

TEST_F(DeployCliTest, RollbackOfAnUnknownChangeIsAnError) {
  auto result = patchplan({"rollback", "nope"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "patchplan: error: no change 'nope' in the store\n");
}

}  // namespace
}  // namespace patchplan::deploy
