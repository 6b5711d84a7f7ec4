// Renderings of an evaluation: text, JSON, HTML (escaped), and the remediation plan with
// Value substitution; rule results read back from a results document.
#include "harden/results_output.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "common/tests/test_files.hpp"
#include "harden/remediation.hpp"
#include "harden/report_html.hpp"
#include "harden/rule_results_file.hpp"

namespace patchplan::harden {
namespace {

struct Fixture {
  Benchmark benchmark;
  Profile profile;
  Evaluation evaluation;

  Fixture() {
    Rule pass;
    pass.id = "r_pass";
    pass.title = "Passing <rule>";
    pass.severity = "low";
    Rule fail;
    fail.id = "r_fail";
    fail.title = "Failing rule";
    fail.severity = "high";
    fail.fixes.push_back({"urn:xccdf:fix:script:sh", "umask \x01v_umask\x01 > /etc/x\n"});
    benchmark.rules = {pass, fail};
    Value umask;
    umask.id = "v_umask";
    umask.default_value = "022";
    umask.by_selector["strict"] = "077";
    benchmark.values = {umask};
    benchmark.value_index["v_umask"] = 0;
    benchmark.title = "B & B";
    profile.id = "p";
    profile.refine_values["v_umask"] = "strict";
    evaluation.profile_id = "p";
    evaluation.results = {{&benchmark.rules[0], RuleStatus::kPass, "", ""},
                          {&benchmark.rules[1], RuleStatus::kFail, "", "", "test 't:1' is false"}};
    evaluation.counts[static_cast<std::size_t>(RuleStatus::kPass)] = 1;
    evaluation.counts[static_cast<std::size_t>(RuleStatus::kFail)] = 1;
    evaluation.score = 50;
  }
};

TEST(ResultsOutputTest, RemediationSubstitutesTheProfilesValue) {
  Fixture f;
  const auto plan = remediation_plan(f.benchmark, &f.profile, f.evaluation);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].rule->id, "r_fail");
  EXPECT_EQ(plan[0].script, "umask 077 > /etc/x\n");
  EXPECT_EQ(remediation_plan(f.benchmark, nullptr, f.evaluation)[0].script, "umask 022 > /etc/x\n");
  EXPECT_NE(remediation_text(plan).find("# Failing rule (r_fail)"), std::string::npos);
}

TEST(ResultsOutputTest, TextJsonAndHtmlCarryEveryResult) {
  Fixture f;
  const std::string text = evaluation_text(f.evaluation);
  EXPECT_NE(text.find("fail          high    Failing rule  (r_fail)"), std::string::npos);
  EXPECT_EQ(text.find("reason"), std::string::npos);  // a fail's explanation is JSON only
  EXPECT_NE(text.find("score 50.000000 of 100"), std::string::npos);
  EXPECT_NE(text.find("1 pass, 1 fail"), std::string::npos);
  const nlohmann::json json = evaluation_json(f.evaluation);
  ASSERT_EQ(json["rules"].size(), 2u);
  EXPECT_EQ(json["rules"][1]["result"], "fail");
  EXPECT_EQ(json["rules"][1]["reason"], "test 't:1' is false");
  EXPECT_FALSE(json["rules"][0].contains("reason"));
  const std::string html = evaluation_html(f.benchmark, f.evaluation);
  EXPECT_NE(html.find("Passing &lt;rule&gt;"), std::string::npos);
  EXPECT_NE(html.find("B &amp; B"), std::string::npos);
  EXPECT_EQ(html.find("<rule>"), std::string::npos);
}

// A multi-check rule's results: one per definition, each named in the text and JSON; oscap
// applies no fix to them, so the remediation plan leaves them out.
TEST(ResultsOutputTest, MultiCheckResultsNameTheirDefinitionAndGetNoFix) {
  Fixture f;
  RuleResult first{&f.benchmark.rules[1], RuleStatus::kFail, "", "oval:x:def:2", "why"};
  first.multi_check = true;
  RuleResult second{&f.benchmark.rules[1], RuleStatus::kPass, "", "oval:x:def:1"};
  second.multi_check = true;
  f.evaluation.results = {f.evaluation.results[0], first, second};
  ++f.evaluation.counts[static_cast<std::size_t>(RuleStatus::kPass)];
  EXPECT_TRUE(remediation_plan(f.benchmark, &f.profile, f.evaluation).empty());
  const nlohmann::json json = evaluation_json(f.evaluation);
  ASSERT_EQ(json["rules"].size(), 3u);
  EXPECT_EQ(json["rules"][1]["definition"], "oval:x:def:2");
  EXPECT_EQ(json["rules"][1]["reason"], "why");
  EXPECT_EQ(json["rules"][2]["definition"], "oval:x:def:1");
  EXPECT_FALSE(json["rules"][0].contains("definition"));
  const std::string text = evaluation_text(f.evaluation);
  EXPECT_NE(text.find("fail          high    Failing rule  (r_fail oval:x:def:2)"),
            std::string::npos)
      << text;
  // The score takes a rule's first result (oscap's xccdf_result_get_rule_result_by_id).
  EXPECT_DOUBLE_EQ(default_score(f.benchmark, f.evaluation.results), 50.0);
  std::swap(f.evaluation.results[1], f.evaluation.results[2]);
  EXPECT_DOUBLE_EQ(default_score(f.benchmark, f.evaluation.results), 100.0);
}

TEST(RuleResultsFileTest, ReadsEveryRuleResultWhateverThePrefix) {
  patchplan::testing::TempDir dir;
  const std::string path = (dir.path() / "results.xml").string();
  std::ofstream(path) << R"(<x:Benchmark xmlns:x="http://checklists.nist.gov/xccdf/1.2">
  <x:TestResult id="t"><x:rule-result idref="r_a"><x:result>pass</x:result></x:rule-result>
  <x:rule-result idref="r_b"><x:result>notselected</x:result></x:rule-result></x:TestResult>
</x:Benchmark>)";
  auto results = read_rule_results(path);
  ASSERT_TRUE(results) << results.error().message;
  EXPECT_EQ(*results,
            (std::map<std::string, std::string>{{"r_a", "pass"}, {"r_b", "notselected"}}));
}

TEST(RuleResultsFileTest, BrokenDocumentIsAnErrorNamingIt) {
  patchplan::testing::TempDir dir;
  const std::string path = (dir.path() / "broken.xml").string();
  std::ofstream(path) << "<Benchmark><TestResult>";
  auto results = read_rule_results(path);
  ASSERT_FALSE(results);
  EXPECT_NE(results.error().message.find("broken.xml"), std::string::npos)
      << results.error().message;
  EXPECT_FALSE(read_rule_results((dir.path() / "missing.xml").string()));
}

}  // namespace
}  // namespace patchplan::harden
