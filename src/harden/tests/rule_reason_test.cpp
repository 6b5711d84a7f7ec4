// The one-line reason of a fail (and of an error) in the JSON document, derived from the
// evaluation of a hand-made XCCDF benchmark and its OVAL file; the text and the XCCDF results
// keep oscap's shape (oscap writes no message for a fail).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/tests/test_files.hpp"
#include "harden/content.hpp"
#include "harden/profile_selection.hpp"
#include "harden/results_output.hpp"
#include "harden/results_xccdf.hpp"
#include "harden/xccdf_evaluator.hpp"

namespace patchplan::harden {
namespace {

constexpr const char* kOval = R"(<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"
  xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5"
  xmlns:ind="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent">
<generator><oval:schema_version>5.11</oval:schema_version></generator>
<definitions>
<definition id="oval:x:def:1" version="1" class="compliance">
 <criteria><criterion test_ref="oval:x:tst:1"/><criterion test_ref="oval:x:tst:2"/></criteria>
</definition>
<definition id="oval:x:def:2" version="1" class="compliance">
 <criteria operator="OR"><criteria><criterion test_ref="oval:x:tst:3"/></criteria>
  <criterion test_ref="oval:x:tst:1" negate="true"/></criteria>
</definition>
<definition id="oval:x:def:3" version="1" class="compliance">
 <criteria><criterion test_ref="oval:x:tst:1"/></criteria>
</definition>
<definition id="oval:x:def:4" version="1" class="vulnerability">
 <criteria><extend_definition definition_ref="oval:x:def:3"/></criteria>
</definition>
<definition id="oval:x:def:5" version="1" class="compliance">
 <criteria><criterion test_ref="oval:x:tst:404"/></criteria>
</definition>
</definitions>
<tests>
<ind:textfilecontent54_test id="oval:x:tst:1" version="1" check="all" comment="name is set">
 <ind:object object_ref="oval:x:obj:1"/></ind:textfilecontent54_test>
<ind:textfilecontent54_test id="oval:x:tst:2" version="1" check="all" comment="umask is 027">
 <ind:object object_ref="oval:x:obj:2"/><ind:state state_ref="oval:x:ste:2"/>
</ind:textfilecontent54_test>
<ind:textfilecontent54_test id="oval:x:tst:3" version="1" check="all">
 <ind:object object_ref="oval:x:obj:3"/></ind:textfilecontent54_test>
</tests>
<objects>
<ind:textfilecontent54_object id="oval:x:obj:1" version="1"><ind:filepath>/etc/f.conf</ind:filepath>
 <ind:pattern operation="pattern match">^name=(\w+)$</ind:pattern>
 <ind:instance datatype="int">1</ind:instance></ind:textfilecontent54_object>
<ind:textfilecontent54_object id="oval:x:obj:2" version="1"><ind:filepath>/etc/f.conf</ind:filepath>
 <ind:pattern operation="pattern match">^umask\s+(\d+)$</ind:pattern>
 <ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
</ind:textfilecontent54_object>
<ind:textfilecontent54_object id="oval:x:obj:3" version="1">
 <ind:filepath>/etc/missing.conf</ind:filepath>
 <ind:pattern operation="pattern match">^.*$</ind:pattern>
 <ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
</ind:textfilecontent54_object>
</objects>
<states>
<ind:textfilecontent54_state id="oval:x:ste:2" version="1">
 <ind:subexpression>027</ind:subexpression></ind:textfilecontent54_state>
</states>
</oval_definitions>
)";

std::string rule(const std::string& id, const std::string& definition) {
  return fmt::format(
      R"(<Rule id="xccdf_org.example_rule_{0}" selected="true" severity="low"><title>{0}</title>
 <check system="http://oval.mitre.org/XMLSchema/oval-definitions-5">
  <check-content-ref href="oval.xml" name="{1}"/></check></Rule>
)",
      id, definition);
}

class RuleReasonTest : public ::testing::Test {
 protected:
  RuleReasonTest() {
    root_.write("etc/f.conf", "umask 022\nname=alpha\n");
    docs_.write("oval.xml", kOval);
    docs_.write("bench.xml",
                R"(<?xml version="1.0" encoding="UTF-8"?>
<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_org.example_benchmark_t">
<title>T</title><version>1</version>
<Profile id="xccdf_org.example_profile_p"><title>P</title></Profile>
)" + rule("umask", "oval:x:def:1") +
                    rule("missing", "oval:x:def:2") + rule("pass", "oval:x:def:3") +
                    rule("vulnerable", "oval:x:def:4") + rule("broken", "oval:x:def:5") +
                    "</Benchmark>\n");
  }

  Evaluation evaluate_benchmark() {
    auto content = Content::load((docs_.path() / "bench.xml").string());
    EXPECT_TRUE(content) << content.error().message;
    content_ = std::make_unique<Content>(std::move(*content));
    auto profile = find_profile(*content_->benchmark(), "p");
    EXPECT_TRUE(profile);
    auto evaluation = evaluate(*content_, *profile, {root_.path().string()});
    EXPECT_TRUE(evaluation) << evaluation.error().message;
    return std::move(*evaluation);
  }

  patchplan::testing::TempDir root_;
  patchplan::testing::TempDir docs_;
  std::unique_ptr<Content> content_;
};

TEST_F(RuleReasonTest, JsonGivesEachFailAndErrorTheTestThatDecidedIt) {
  const Evaluation evaluation = evaluate_benchmark();
  const nlohmann::json json = evaluation_json(evaluation);
  ASSERT_EQ(json["rules"].size(), 5u);
  std::map<std::string, nlohmann::json> rules;
  for (const nlohmann::json& r : json["rules"]) rules[r["id"]] = r;
  const auto& umask = rules["xccdf_org.example_rule_umask"];
  EXPECT_EQ(umask["result"], "fail");
  EXPECT_EQ(umask["reason"],
            "definition 'oval:x:def:1' is false: test 'oval:x:tst:2' (umask is 027) is false: "
            "no item of object 'oval:x:obj:2' matched state 'oval:x:ste:2' (check 'all')");
  // OR false: its first member decided it, inside a nested criteria.
  const auto& missing = rules["xccdf_org.example_rule_missing"];
  EXPECT_EQ(missing["result"], "fail");
  EXPECT_EQ(missing["reason"],
            "definition 'oval:x:def:2' is false: test 'oval:x:tst:3' is false: object "
            "'oval:x:obj:3' not found");
  EXPECT_EQ(rules["xccdf_org.example_rule_pass"]["result"], "pass");
  EXPECT_FALSE(rules["xccdf_org.example_rule_pass"].contains("reason"));
  // A vulnerability definition fails when true, through extend_definition.
  const auto& vulnerable = rules["xccdf_org.example_rule_vulnerable"];
  EXPECT_EQ(vulnerable["result"], "fail");
  EXPECT_EQ(vulnerable["reason"],
            "definition 'oval:x:def:4' is true: definition 'oval:x:def:3' is true: test "
            "'oval:x:tst:1' (name is set) is true: 1 item of object 'oval:x:obj:1' exists");
  const auto& broken = rules["xccdf_org.example_rule_broken"];
  EXPECT_EQ(broken["result"], "error");
  EXPECT_NE(broken["reason"].get<std::string>().find("oval:x:tst:404"), std::string::npos)
      << broken["reason"];
  for (const auto& [id, r] : rules) {
    if (r.contains("reason")) {
      EXPECT_EQ(r["reason"].get<std::string>().find('\n'), std::string::npos) << id;
    }
  }
}

TEST_F(RuleReasonTest, TextAndXccdfResultsCarryNoFailReason) {
  const Evaluation evaluation = evaluate_benchmark();
  const std::string text = evaluation_text(evaluation);
  EXPECT_EQ(text.find("reason:"), text.find("reason: test 'oval:x:tst:404'")) << text;
  EXPECT_EQ(text.find("definition '"), std::string::npos) << text;
  const std::string results = (docs_.path() / "results.xml").string();
  ASSERT_TRUE(
      write_xccdf_results(*content_, evaluation, {"bench.xml", "t0", "t1", "host"}, results));
  std::ifstream file(results);
  std::stringstream read;
  read << file.rdbuf();
  // Only the error's message: oscap writes none for a fail.
  const std::string xml = read.str();
  const std::size_t first = xml.find("<message");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(xml.find("<message", first + 1), std::string::npos) << xml;
  EXPECT_EQ(xml.find("matched state"), std::string::npos);
}

}  // namespace
}  // namespace patchplan::harden
