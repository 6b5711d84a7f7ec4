// Fixes that fail, hang, delete files or carry hostile Values, run by harden --remediate on a
// sandbox root from a small stand-alone benchmark: each is journaled, the run goes on, and
// rollback still restores every file exactly.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "harden/remediation_run.hpp"
#include "harden/tests/oval_fixture.hpp"
#include "harden/tests/sandbox_root.hpp"

namespace patchplan::harden {
namespace {

// Every rule checks one OVAL definition: /etc/flag holds the line "ok".
const std::string kOval = R"(<definitions>
<definition id="oval:t:def:1" version="1" class="compliance">
  <metadata><title>flag</title></metadata>
  <criteria><criterion test_ref="oval:t:tst:1"/></criteria>
</definition></definitions>
<tests><ind:textfilecontent54_test id="oval:t:tst:1" version="1" check="all"
  check_existence="at_least_one_exists"><ind:object object_ref="oval:t:obj:1"/>
</ind:textfilecontent54_test></tests>
<objects><ind:textfilecontent54_object id="oval:t:obj:1" version="1">
  <ind:filepath>/etc/flag</ind:filepath><ind:pattern operation="pattern match">^ok$</ind:pattern>
  <ind:instance datatype="int">1</ind:instance>
</ind:textfilecontent54_object></objects>)";

std::string rule(const std::string& id, const std::string& fix) {
  return R"(<Rule id="xccdf_t_rule_)" + id + R"(" selected="true"><title>)" + id +
         R"(</title><fix system="urn:xccdf:fix:script:sh">)" + fix +
         R"(</fix><check system="http://oval.mitre.org/XMLSchema/oval-definitions-5">
<check-content-ref href="t-oval.xml" name="oval:t:def:1"/></check></Rule>
)";
}

// The fixes, in document order.
std::string benchmark() {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_t_benchmark_b" resolved="1">
<status>accepted</status><title>t</title><version>1</version>
<Value id="xccdf_t_value_hostile" type="string"><value>x'; touch /etc/pwned; echo '</value></Value>
<Value id="xccdf_t_value_meta" type="string">
<value>$(touch /etc/pwned2);|&amp;&lt;&gt;*`id` "q"</value></Value>
)" + rule("exit", "echo partial &gt; /etc/partial; exit 3") +
         rule("slow_trial", "echo started &gt; /etc/started; sleep 30") +
         rule("hostile",
              "v='<sub idref=\"xccdf_t_value_hostile\" use=\"legacy\"/>'\necho \"$v\" &gt; "
              "/etc/value") +
         rule("meta",
              "w='<sub idref=\"xccdf_t_value_meta\" use=\"legacy\"/>'\nprintf '%s\\n' \"$w\" &gt; "
              "/etc/meta") +
         rule("delete",
              "rm /etc/victim &amp;&amp; rm -r /etc/victim.d &amp;&amp; rm -r /etc/replaced "
              "&amp;&amp; "
              "mkdir /etc/replaced &amp;&amp; echo new &gt; /etc/replaced/new &amp;&amp; "
              "ln -sf /etc/flag /etc/link") +
         rule("ok", "echo ok &gt; /etc/flag; chmod 0600 /etc/flag") + "</Benchmark>\n";
}

class RemediationFailuresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!testing::enter_private_mount_namespace(&why)) GTEST_SKIP() << why;
    sandbox_ = std::make_unique<testing::SandboxRoot>();
    ASSERT_TRUE(sandbox_->usr_bound());
    content_dir_.write("t-xccdf.xml", benchmark());
    content_dir_.write("t-oval.xml", testing::oval_document(kOval));
    auto content = Content::load((content_dir_.path() / "t-xccdf.xml").string());
    ASSERT_TRUE(content) << content.error().message;
    content_ = std::make_unique<Content>(std::move(*content));
    auto opened = store::Store::open(content_dir_.path() / "state.db");
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::make_unique<store::Store>(std::move(*opened));
    sandbox_->write("etc/victim", "victim\n", 04750, 1000, 42);
    sandbox_->write("etc/victim.d/a.conf", "a\n", 0600, 1000, 1000);
    sandbox_->write("etc/victim.d/sub/b.conf", std::string("b\0binary\xff", 9), 0640);
    ::chmod((sandbox_->path() + "/etc/victim.d/sub").c_str(), 0710);
    sandbox_->write("etc/replaced/old", "old\n");
    std::filesystem::create_symlink("victim", sandbox_->path() + "/etc/link");
  }

  const FixRecord& fix(const RemediationResult& result, const std::string& id) {
    for (const FixRecord& record : result.fixes) {
      if (record.rule->id == "xccdf_t_rule_" + id) return record;
    }
    ADD_FAILURE() << "no fix record for " << id;
    std::abort();
  }

  // Evaluates the sandbox, then runs the failing rules' fixes on it under `options` (its
  // root set to the sandbox).
  Expected<RemediationResult> remediate_sandbox(RemediateOptions options) {
    EvaluateOptions evaluate_options;
    evaluate_options.root = sandbox_->path();
    auto before = evaluate(*content_, nullptr, evaluate_options);
    if (!before) return before.error();
    options.root = sandbox_->path();
    return remediate(*content_, nullptr, *before, options, *store_);
  }

  bool exists(const std::string& path) const {
    struct stat info {};
    return ::lstat((sandbox_->path() + path).c_str(), &info) == 0;
  }

  std::unique_ptr<testing::SandboxRoot> sandbox_;
  patchplan::testing::TempDir content_dir_;
  std::unique_ptr<Content> content_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(RemediationFailuresTest, EachFailureIsJournaledTheRunGoesOnAndRollbackRestoresAll) {
  EvaluateOptions evaluate_options;
  evaluate_options.root = sandbox_->path();
  auto before = evaluate(*content_, nullptr, evaluate_options);
  ASSERT_TRUE(before) << before.error().message;
  ASSERT_EQ(before->counts[static_cast<std::size_t>(RuleStatus::kFail)], 6u);
  const auto original = sandbox_->snapshot();

  RemediateOptions options;
  options.root = sandbox_->path();
  options.timeout = std::chrono::milliseconds(1500);
  auto result = remediate(*content_, nullptr, *before, options, *store_);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->fixes.size(), 6u);

  const FixRecord& failed = fix(*result, "exit");
  EXPECT_EQ(failed.outcome, "failed");
  EXPECT_EQ(failed.run.exit_code, 3);
  EXPECT_EQ(failed.paths, (std::vector<std::string>{"/etc", "/etc/partial"}));

  const FixRecord& slow_trial = fix(*result, "slow_trial");
  EXPECT_EQ(slow_trial.outcome, "timed-out");
  EXPECT_TRUE(slow_trial.trial.timed_out);
  EXPECT_FALSE(slow_trial.ran);
  EXPECT_FALSE(exists("/etc/started")) << "nothing of a fix that timed out is applied";

  const FixRecord& hostile = fix(*result, "hostile");
  EXPECT_EQ(hostile.outcome, "refused");
  EXPECT_NE(hostile.message.find("quoting"), std::string::npos) << hostile.message;
  EXPECT_FALSE(exists("/etc/pwned"));
  EXPECT_FALSE(exists("/etc/value"));

  const FixRecord& meta = fix(*result, "meta");
  EXPECT_EQ(meta.outcome, "applied") << meta.run.output;
  EXPECT_FALSE(exists("/etc/pwned2")) << "metacharacters between single quotes stay literal";
  std::ifstream meta_file(sandbox_->path() + "/etc/meta");
  std::string meta_text((std::istreambuf_iterator<char>(meta_file)), {});
  EXPECT_EQ(meta_text, "$(touch /etc/pwned2);|&<>*`id` \"q\"\n");

  const FixRecord& deleted = fix(*result, "delete");
  EXPECT_EQ(deleted.outcome, "applied") << deleted.run.output;
  EXPECT_FALSE(exists("/etc/victim"));
  EXPECT_FALSE(exists("/etc/victim.d"));
  EXPECT_FALSE(exists("/etc/replaced/old"));
  for (const char* path : {"/etc/victim", "/etc/victim.d/a.conf", "/etc/victim.d/sub/b.conf",
                           "/etc/replaced/old", "/etc/replaced/new", "/etc/link"}) {
    EXPECT_EQ(std::count(deleted.paths.begin(), deleted.paths.end(), path), 1) << path;
  }

  const FixRecord& ok = fix(*result, "ok");
  EXPECT_EQ(ok.outcome, "applied");
  EXPECT_EQ(ok.after, RuleStatus::kPass);

  auto verified = store_->journal().verify();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact());
  auto rolled_back = roll_back_remediation(*store_, result->change_id);
  ASSERT_TRUE(rolled_back) << rolled_back.error().message;
  EXPECT_EQ(sandbox_->snapshot(), original);
}

TEST_F(RemediationFailuresTest, AFileOverTheSizeLimitRefusesTheFixAndNothingIsApplied) {
  const auto original = sandbox_->snapshot();
  RemediateOptions options;
  options.rules = {"delete"};
  options.max_file_bytes = 8;  // /etc/victim.d/sub/b.conf has 9 bytes
  auto result = remediate_sandbox(options);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->fixes.size(), 1u);
  EXPECT_EQ(result->fixes[0].outcome, "refused");
  EXPECT_NE(result->fixes[0].message.find("/etc/victim.d/sub/b.conf"), std::string::npos)
      << result->fixes[0].message;
  EXPECT_FALSE(result->fixes[0].ran);
  EXPECT_EQ(sandbox_->snapshot(), original);
}

TEST_F(RemediationFailuresTest, RollbackRefusesAFileChangedSinceTheFixLeftIt) {
  const auto original = sandbox_->snapshot();
  RemediateOptions options;
  options.rules = {"ok"};
  auto result = remediate_sandbox(options);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->fixes.at(0).outcome, "applied");

  sandbox_->write("etc/flag", "edited by hand\n", 0600);
  auto refused = roll_back_remediation(*store_, result->change_id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("/etc/flag"), std::string::npos)
      << refused.error().message;
  std::ifstream kept(sandbox_->path() + "/etc/flag");
  std::string text((std::istreambuf_iterator<char>(kept)), {});
  EXPECT_EQ(text, "edited by hand\n") << "nothing is restored when the rollback is refused";

  sandbox_->write("etc/flag", "ok\n", 0600);  // what the fix left (times aside)
  auto rolled_back = roll_back_remediation(*store_, result->change_id);
  ASSERT_TRUE(rolled_back) << rolled_back.error().message;
  EXPECT_EQ(sandbox_->snapshot(), original);
}

}  // namespace
}  // namespace patchplan::harden
