// `patchplan harden --remediate` and `patchplan rollback` through the binary, on a sandbox
// root: the JSON report, the dispatch of a remediation's change id to its rollback, the
// journal verified, and the usage errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/tests/run_process.hpp"
#include "harden/tests/sandbox_root.hpp"

namespace patchplan::harden {
namespace {

using patchplan::testing::ProcessResult;
using patchplan::testing::run_process;

class RemediationCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!testing::enter_private_mount_namespace(&why)) GTEST_SKIP() << why;
    sandbox_ = std::make_unique<testing::SandboxRoot>();
    ASSERT_TRUE(sandbox_->usr_bound());
    sandbox_->write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n", 0755);
    sandbox_->write("etc/ssh/sshd_config", "PermitRootLogin yes\n", 0600);
  }

  ProcessResult patchplan(std::vector<std::string> args) const {
    args.insert(args.begin(), {PATCHPLAN_BINARY, "--db", db()});
    return run_process(args);
  }

  ProcessResult harden(std::vector<std::string> args) const {
    std::vector<std::string> all = {"--root",
                                    sandbox_->path(),
                                    "harden",
                                    "--content",
                                    PATCHPLAN_SHARED_DIR "/data/scap/ssg-debian12-ds.xml",
                                    "--profile",
                                    "anssi_bp28_high"};
    all.insert(all.end(), args.begin(), args.end());
    return patchplan(all);
  }

  [[nodiscard]] std::string db() const { return (scratch_.path() / "pp.db").string(); }

  patchplan::testing::TempDir scratch_;
  std::unique_ptr<testing::SandboxRoot> sandbox_;
};

TEST_F(RemediationCliTest, RemediateReportsEachRuleAndRollbackOfItsChangeIdRestores) {
  const auto original = sandbox_->snapshot();
  const ProcessResult dry =
      harden({"--remediate", "--dry-run", "--rule", "sshd_disable_root_login"});
  EXPECT_NE(dry.out.find("PermitRootLogin no"), std::string::npos) << dry.out << dry.err;
  EXPECT_EQ(sandbox_->snapshot(), original) << "--dry-run changes nothing";

  const ProcessResult run = harden({"--json", "--remediate", "--rule", "sshd_disable_root_login",
                                    "--rule", "file_permissions_etc_passwd"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const nlohmann::json report = nlohmann::json::parse(run.out);
  const std::string change_id = report.at("change_id");
  EXPECT_TRUE(change_id.starts_with("harden-")) << change_id;
  ASSERT_EQ(report.at("fixes").size(), 2u);
  for (const auto& fix : report.at("fixes")) {
    EXPECT_EQ(fix.at("before"), "fail");
    EXPECT_EQ(fix.at("after"), "pass");
    EXPECT_EQ(fix.at("outcome"), "applied");
  }
  EXPECT_NE(sandbox_->snapshot(), original);

  const ProcessResult again = harden({"--remediate", "--rule", "sshd_disable_root_login"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("nothing to remediate"), std::string::npos) << again.out;

  const ProcessResult rollback = patchplan({"--json", "rollback", change_id});
  ASSERT_EQ(rollback.exit_code, 0) << rollback.out << rollback.err;
  EXPECT_EQ(nlohmann::json::parse(rollback.out).at("state"), "rolled-back");
  EXPECT_EQ(sandbox_->snapshot(), original);
  const ProcessResult verify = patchplan({"journal", "--verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  const ProcessResult twice = patchplan({"rollback", change_id});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("already rolled back"), std::string::npos) << twice.err;
}

TEST_F(RemediationCliTest, RuleWithoutRemediateAndUnknownRulesAreErrors) {
  const ProcessResult without = harden({"--rule", "sshd_disable_root_login"});
  EXPECT_EQ(without.exit_code, 2) << without.err;
  EXPECT_NE(without.err.find("--rule"), std::string::npos) << without.err;
  const ProcessResult unknown = harden({"--remediate", "--rule", "no_such_rule"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_NE(unknown.err.find("no_such_rule"), std::string::npos) << unknown.err;
  const ProcessResult timeout = harden({"--remediate", "--fix-timeout", "0"});
  EXPECT_EQ(timeout.exit_code, 2) << timeout.err;
}

}  // namespace
}  // namespace patchplan::harden
