// Oracle test: `oscap xccdf eval` and the native evaluator back to back on this machine, for
// every Debian 12 profile and the standard profiles of the Debian 11 and Ubuntu 22.04
// content; every rule must get oscap's result. Prints the agreement per profile.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "common/tests/run_process.hpp"
#include "common/tests/test_files.hpp"
#include "harden/content.hpp"
#include "harden/profile_selection.hpp"
#include "harden/results_xccdf.hpp"
#include "harden/rule_results_file.hpp"
#include "harden/xccdf_evaluator.hpp"

namespace patchplan::harden {
namespace {

struct Case {
  std::string content;  // file name in shared/data/scap
  std::string profile;
};

class HardenMatchesOscapTest : public ::testing::TestWithParam<Case> {};

// The four ANSSI-BP-028 profiles hold rules that walk the whole file system: oscap needs 4 to 10
// minutes for each here, more than the CI budget allows for four of them. They run when
// PATCHPLAN_ORACLE_ALL_PROFILES=1 (README: "Tests").
class HardenMatchesOscapLongTest : public HardenMatchesOscapTest {
 protected:
  void SetUp() override {
    const char* all = std::getenv("PATCHPLAN_ORACLE_ALL_PROFILES");
    if (all == nullptr || std::string_view(all) != "1") {
      GTEST_SKIP() << "oscap walks the whole file system for this profile; set "
                      "PATCHPLAN_ORACLE_ALL_PROFILES=1 to compare it";
    }
  }
};

void expect_oscaps_results(const Case& param);

TEST_P(HardenMatchesOscapTest, EveryRuleGetsOscapsResult) { expect_oscaps_results(GetParam()); }

TEST_P(HardenMatchesOscapLongTest, EveryRuleGetsOscapsResult) { expect_oscaps_results(GetParam()); }

void expect_oscaps_results(const Case& param) {
  const std::string datastream = PATCHPLAN_SHARED_DIR "/data/scap/" + param.content;
  patchplan::testing::TempDir dir;
  const std::string results = (dir.path() / "results.xml").string();
  auto content = Content::load(datastream);
  ASSERT_TRUE(content) << content.error().message;
  auto profile = find_profile(*content->benchmark(), param.profile);
  ASSERT_TRUE(profile) << profile.error().message;

  // Back to back: oscap first, then ours on the same machine state.
  const auto oscap = patchplan::testing::run_process(
      {"oscap", "xccdf", "eval", "--profile", (*profile)->id, "--results", results, datastream});
  ASSERT_TRUE(oscap.exit_code == 0 || oscap.exit_code == 2) << oscap.err;
  auto evaluation = evaluate(*content, *profile, {});
  ASSERT_TRUE(evaluation) << evaluation.error().message;

  auto read = read_rule_results(results);
  ASSERT_TRUE(read) << read.error().message;
  const auto& expected = *read;
  ASSERT_EQ(expected.size(), evaluation->results.size());
  std::size_t agree = 0;
  std::size_t selected = 0;
  for (const RuleResult& result : evaluation->results) {
    auto it = expected.find(result.rule->id);
    ASSERT_NE(it, expected.end()) << result.rule->id;
    if (it->second != "notselected") ++selected;
    if (it->second == status_name(result.status)) {
      if (it->second != "notselected") ++agree;
      continue;
    }
    ADD_FAILURE() << result.rule->id << ": oscap " << it->second << ", ours "
                  << status_name(result.status) << " (" << result.message << ")";
  }
  std::printf("%s %s: %zu of %zu selected rules agree with oscap, exit %d/%d\n",
              param.content.c_str(), param.profile.c_str(), agree, selected, oscap.exit_code,
              evaluation->exit_status());
  EXPECT_EQ(oscap.exit_code, evaluation->exit_status());
}

// oscap itself validates our ARF and XCCDF results and renders its HTML report from them.
TEST(HardenResultsTest, OscapAcceptsOurArfAndXccdfResults) {
  const std::string datastream = PATCHPLAN_SHARED_DIR "/data/scap/ssg-debian12-ds.xml";
  auto content = Content::load(datastream);
  ASSERT_TRUE(content) << content.error().message;
  auto profile = find_profile(*content->benchmark(), "anssi_np_nt28_high");
  ASSERT_TRUE(profile);
  auto evaluation = evaluate(*content, *profile, {});
  ASSERT_TRUE(evaluation);
  patchplan::testing::TempDir dir;
  const std::string arf = (dir.path() / "arf.xml").string();
  const std::string xccdf = (dir.path() / "xccdf.xml").string();
  const ResultsInfo info{datastream, utc_now(), utc_now(), "test-host"};
  ASSERT_TRUE(write_arf_results(*content, *evaluation, info, arf));
  ASSERT_TRUE(write_xccdf_results(*content, *evaluation, info, xccdf));
  const auto arf_valid = patchplan::testing::run_process({"oscap", "ds", "rds-validate", arf});
  EXPECT_EQ(arf_valid.exit_code, 0) << arf_valid.err;
  const auto xccdf_valid = patchplan::testing::run_process({"oscap", "xccdf", "validate", xccdf});
  EXPECT_EQ(xccdf_valid.exit_code, 0) << xccdf_valid.out << xccdf_valid.err;
  for (const std::string& file : {arf, xccdf}) {
    const auto report =
        patchplan::testing::run_process({"oscap", "xccdf", "generate", "report", file});
    EXPECT_EQ(report.exit_code, 0) << report.err;
    EXPECT_NE(report.out.find("xccdf_org.ssgproject.content_rule_apt_sources_list_official"),
              std::string::npos);
  }
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name =
      info.param.content.substr(4, info.param.content.find("-ds") - 4) + "_" + info.param.profile;
  for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Profiles, HardenMatchesOscapTest,
                         ::testing::Values(Case{"ssg-debian12-ds.xml", "standard"},
                                           Case{"ssg-debian12-ds.xml", "anssi_np_nt28_minimal"},
                                           Case{"ssg-debian12-ds.xml", "anssi_np_nt28_average"},
                                           Case{"ssg-debian12-ds.xml", "anssi_np_nt28_restrictive"},
                                           Case{"ssg-debian12-ds.xml", "anssi_np_nt28_high"},
                                           Case{"ssg-debian11-ds.xml", "standard"},
                                           Case{"ssg-ubuntu2204-ds.xml", "standard"}),
                         case_name);

INSTANTIATE_TEST_SUITE_P(WholeFileSystemProfiles, HardenMatchesOscapLongTest,
                         ::testing::Values(Case{"ssg-debian12-ds.xml", "anssi_bp28_minimal"},
                                           Case{"ssg-debian12-ds.xml", "anssi_bp28_intermediary"},
                                           Case{"ssg-debian12-ds.xml", "anssi_bp28_enhanced"},
                                           Case{"ssg-debian12-ds.xml", "anssi_bp28_high"}),
                         case_name);

}  // namespace
}  // namespace patchplan::harden
