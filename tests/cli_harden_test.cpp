// End-to-end tests of `patchplan harden` on the shared Debian 12 content.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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

}  // namespace
}  // namespace patchplan::testing
