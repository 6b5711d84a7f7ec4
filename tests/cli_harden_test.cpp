// End-to-end tests of `patchplan harden` on the shared Debian 12 content.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli_fixture.hpp"

namespace patchplan::testing {
namespace {

const std::string kContent = PATCHPLAN_SHARED_DIR "/data/scap/ssg-debian12-ds.xml";

class CliHardenTest : public CliTest {};

TEST_F(CliHardenTest, ListsProfilesWithTheirSelections) {
  auto listed = patchplan({"--json", "harden", "--content", kContent, "--list-profiles"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const auto json = nlohmann::json::parse(listed.out);
  ASSERT_EQ(json["profiles"].size(), 9u);
  EXPECT_EQ(json["profiles"][1]["name"], "anssi_bp28_high");
  EXPECT_EQ(json["profiles"][1]["selected_rules"], 391);
}

TEST_F(CliHardenTest, ProfileBySuffixGivesJsonAndExitStatus) {
  auto run = patchplan({"--json", "harden", "--content", kContent, "--profile", "standard"});
  ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 4) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["profile"], "xccdf_org.ssgproject.content_profile_standard");
  EXPECT_EQ(json["rules"].size(), 44u);
  const bool failed =
      json["counts"]["fail"] > 0 || json["counts"]["error"] > 0 || json["counts"]["unknown"] > 0;
  EXPECT_EQ(run.exit_code, failed ? 4 : 0);
}

TEST_F(CliHardenTest, BadProfileAndMissingContentAreClearErrors) {
  auto unknown = patchplan({"harden", "--content", kContent, "--profile", "cis"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no profile 'cis'"), std::string::npos) << unknown.err;
  scratch().write("root/etc/os-release", "ID=debian\nVERSION_ID=12\n");
  auto none = patchplan(
      {"--root", (scratch().path() / "root").string(), "harden", "--profile", "standard"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no scap content for debian 12"), std::string::npos) << none.err;
  auto no_profile = patchplan({"harden", "--content", kContent});
  EXPECT_EQ(no_profile.exit_code, 2);
  // --remediate runs fixes (tested on sandbox roots in src/harden/tests, never on this
  // machine's /); --rule without it is a usage error.
  auto rule_alone = patchplan(
      {"harden", "--content", kContent, "--profile", "standard", "--rule", "accounts_tmout"});
  EXPECT_EQ(rule_alone.exit_code, 2);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// A benchmark of three rules on /etc/f.conf of a root: r_umask fails and has a shell fix with a
// <sub> of a Value the profile refines, r_nofix fails without a fix, r_pass passes.
class CliHardenDryRunTest : public CliHardenTest {
 protected:
  CliHardenDryRunTest() {
    scratch().write("root/etc/f.conf", "umask 022\n");
    scratch().write("content/oval.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"
  xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5"
  xmlns:ind="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent">
<generator><oval:schema_version>5.11</oval:schema_version></generator>
<definitions>
<definition id="oval:x:def:1" version="1" class="compliance">
 <criteria><criterion test_ref="oval:x:tst:1"/></criteria></definition>
<definition id="oval:x:def:2" version="1" class="compliance">
 <criteria><criterion test_ref="oval:x:tst:1" negate="true"/></criteria></definition>
</definitions>
<tests><ind:textfilecontent54_test id="oval:x:tst:1" version="1" check="all" comment="umask 077">
 <ind:object object_ref="oval:x:obj:1"/></ind:textfilecontent54_test></tests>
<objects><ind:textfilecontent54_object id="oval:x:obj:1" version="1">
 <ind:filepath>/etc/f.conf</ind:filepath>
 <ind:pattern operation="pattern match">^umask 077$</ind:pattern>
 <ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
</ind:textfilecontent54_object></objects>
</oval_definitions>
)");
    const std::string check = R"(<check system="http://oval.mitre.org/XMLSchema/oval-definitions-5">
<check-content-ref href="oval.xml" name="oval:x:def:)";
    content_ = scratch()
                   .write("content/bench.xml",
                          R"(<?xml version="1.0" encoding="UTF-8"?>
<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_org.example_benchmark_b">
<title>B</title><version>1</version>
<Profile id="xccdf_org.example_profile_strict"><title>Strict</title>
 <refine-value idref="xccdf_org.example_value_umask" selector="strict"/></Profile>
<Value id="xccdf_org.example_value_umask" type="string"><value>022</value>
 <value selector="strict">077</value></Value>
<Rule id="xccdf_org.example_rule_r_umask" selected="true" severity="medium"><title>Umask 077</title>
<fix system="urn:xccdf:fix:script:sh">umask_value='<sub idref="xccdf_org.example_value_umask"/>'
echo "umask $umask_value" &gt; /etc/f.conf</fix>
)" + check + R"(1"/></check></Rule>
<Rule id="xccdf_org.example_rule_r_nofix" selected="true"><title>No fix</title>
)" + check + R"(1"/></check></Rule>
<Rule id="xccdf_org.example_rule_r_pass" selected="true"><title>Passes</title>
<fix system="urn:xccdf:fix:script:sh">true</fix>
)" + check + R"(2"/></check></Rule>
</Benchmark>
)")
                   .string();
  }

  ProcessResult harden(std::vector<std::string> args) const {
    std::vector<std::string> all = {"--root", (scratch().path() / "root").string(), "--db", db()};
    if (!args.empty() && args.front() == "--json") {
      all.insert(all.begin(), "--json");
      args.erase(args.begin());
    }
    all.insert(all.end(), {"harden", "--content", content_, "--profile", "strict"});
    all.insert(all.end(), args.begin(), args.end());
    return patchplan(all);
  }

  std::string content_;
};

TEST_F(CliHardenDryRunTest, DryRunWithoutRemediateIsAUsageError) {
  auto alone = harden({"--dry-run"});
  EXPECT_EQ(alone.exit_code, 2) << alone.out << alone.err;
  EXPECT_NE(alone.err.find("--remediate"), std::string::npos) << alone.err;
  EXPECT_TRUE(alone.out.empty()) << alone.out;
  auto json = harden({"--json", "--dry-run"});
  EXPECT_EQ(json.exit_code, 2) << json.out << json.err;
}

TEST_F(CliHardenDryRunTest, JsonDryRunListsEachFailingRulesFixWithItsValues) {
  auto run = harden({"--json", "--remediate", "--dry-run"});
  ASSERT_EQ(run.exit_code, 4) << run.err;  // rules fail: nothing was run
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["schema_version"], 1);
  EXPECT_EQ(json["kind"], "remediation-plan");
  EXPECT_EQ(json["profile"], "xccdf_org.example_profile_strict");
  EXPECT_EQ(json["content"], content_);
  ASSERT_EQ(json["fixes"].size(), 2u) << json.dump(2);
  const auto& fix = json["fixes"][0];
  EXPECT_EQ(fix["rule"], "xccdf_org.example_rule_r_umask");
  EXPECT_EQ(fix["title"], "Umask 077");
  EXPECT_EQ(fix["script"], "umask_value='077'\necho \"umask $umask_value\" > /etc/f.conf");
  EXPECT_TRUE(fix["refused"].is_null());
  EXPECT_EQ(json["fixes"][1]["rule"], "xccdf_org.example_rule_r_nofix");
  EXPECT_TRUE(json["fixes"][1]["script"].is_null());
  // Nothing ran: the file is as it was.
  EXPECT_EQ(read_file(scratch().path() / "root/etc/f.conf"), "umask 022\n");

  auto one = harden({"--json", "--remediate", "--dry-run", "--rule", "r_nofix"});
  ASSERT_EQ(one.exit_code, 4) << one.err;
  const auto only = nlohmann::json::parse(one.out);
  ASSERT_EQ(only["fixes"].size(), 1u);
  EXPECT_EQ(only["fixes"][0]["rule"], "xccdf_org.example_rule_r_nofix");

  // The text form stays the script listing.
  auto text = harden({"--remediate", "--dry-run"});
  ASSERT_EQ(text.exit_code, 4) << text.err;
  EXPECT_NE(text.out.find("# Umask 077 (xccdf_org.example_rule_r_umask)\numask_value='077'"),
            std::string::npos)
      << text.out;
}

}  // namespace
}  // namespace patchplan::testing
