// The integration test: on each of the nine real host roots of ../shared/data/hosts, and
// on this machine, our upgradable list equals `apt list --upgradable` (name, architecture,
// candidate version), with the difference printed when it does not.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/tests/test_files.hpp"
#include "inventory/dpkg_status.hpp"
#include "updates/tests/apt_oracle.hpp"
#include "updates/update_assessment.hpp"

namespace patchplan::updates {
namespace {

namespace fs = std::filesystem;
using Lines = std::set<std::string>;

const fs::path kHosts = fs::path(PATCHPLAN_SHARED_DIR) / "data/hosts";

Lines our_upgradable(const std::string& root_path, UpdateAssessment* keep = nullptr) {
  auto root = RootFs::open(root_path);
  EXPECT_TRUE(root) << root.error().message;
  if (!root) return {};
  auto status = inventory::read_dpkg_status(*root);
  EXPECT_TRUE(status) << status.error().message;
  if (!status) return {};
  auto assessment = assess_updates(*root, *status, UpdateOptions{});
  EXPECT_TRUE(assessment) << assessment.error().message;
  if (!assessment) return {};
  Lines lines;
  for (const PackageUpdate* package : assessment->upgradable()) {
    std::string suites;
    for (const ReleaseOrigin& origin : package->candidate_from) {
      if (origin.suite.empty()) continue;
      if (!suites.empty()) suites += ',';
      suites += origin.suite;
    }
    lines.insert(fmt::format("{} {} {} {}", package->name, package->architecture,
                             *package->candidate_version, suites));
  }
  if (keep != nullptr) *keep = std::move(*assessment);
  return lines;
}

Lines apt_lines(const std::vector<updates::testing::UpgradableLine>& parsed) {
  Lines lines;
  for (const auto& line : parsed) {
    lines.insert(
        fmt::format("{} {} {} {}", line.name, line.architecture, line.version, line.suites));
  }
  return lines;
}

std::string difference(const Lines& ours, const Lines& apt) {
  std::string text;
  for (const std::string& line : ours) {
    if (!apt.contains(line)) text += "  only patchplan: " + line + "\n";
  }
  for (const std::string& line : apt) {
    if (!ours.contains(line)) text += "  only apt:       " + line + "\n";
  }
  return text;
}

class AssessHostsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(AssessHostsTest, UpgradableListEqualsApt) {
  fs::path host = kHosts / GetParam();
  ASSERT_TRUE(fs::is_directory(host)) << host;
  UpdateAssessment assessment;
  Lines ours = our_upgradable(host.string(), &assessment);

  patchplan::testing::TempDir work;
  updates::testing::AptSandbox sandbox(host, work.path(), "amd64");
  auto result = sandbox.run({"apt", "list", "--upgradable"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  Lines apt = apt_lines(updates::testing::parse_apt_list(result.out));

  ASSERT_FALSE(apt.empty()) << "apt lists nothing for " << GetParam();
  EXPECT_EQ(ours.size(), apt.size());
  EXPECT_TRUE(ours == apt) << GetParam() << ": the lists differ\n" << difference(ours, apt);
  EXPECT_EQ(assessment.indexes_read, 3u);
  EXPECT_EQ(assessment.native_architecture, "amd64");
  EXPECT_TRUE(assessment.warnings.empty()) << assessment.warnings.front();
}

INSTANTIATE_TEST_SUITE_P(SharedHosts, AssessHostsTest,
                         ::testing::Values("builder-cpp", "cpp", "dotnet", "go", "langs", "python",
                                           "python-debian13", "rust", "swift"),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// This machine, read-only: `apt list --upgradable` against our assessment of "/".
TEST(AssessLocalHostTest, UpgradableListEqualsAptOnThisMachine) {
  UpdateAssessment assessment;
  Lines ours = our_upgradable("/", &assessment);
  auto result = patchplan::testing::run_process(
      {"apt", "list", "--upgradable"}, updates::testing::with_environment({{"LC_ALL", "C"}}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  Lines apt = apt_lines(updates::testing::parse_apt_list(result.out));
  EXPECT_TRUE(ours == apt) << "this machine: the lists differ\n" << difference(ours, apt);
}

// The security flag follows the candidate's releases: on builder-cpp every candidate from
// bookworm-security (apt lists its suite "oldstable-security") is flagged, no other one.
TEST(AssessHostDetailsTest, SecurityFlagFollowsTheCandidatesSecurityRelease) {
  UpdateAssessment assessment;
  our_upgradable((kHosts / "builder-cpp").string(), &assessment);
  patchplan::testing::TempDir work;
  updates::testing::AptSandbox sandbox(kHosts / "builder-cpp", work.path(), "amd64");
  std::set<std::string> apt_security;
  for (const auto& line :
       updates::testing::parse_apt_list(sandbox.run({"apt", "list", "--upgradable"}).out)) {
    if (line.suites.find("-security") != std::string::npos) apt_security.insert(line.name);
  }
  std::set<std::string> ours;
  for (const PackageUpdate* package : assessment.upgradable()) {
    if (package->security) ours.insert(package->name);
  }
  EXPECT_FALSE(apt_security.empty());
  EXPECT_EQ(ours, apt_security);
}

}  // namespace
}  // namespace patchplan::updates
