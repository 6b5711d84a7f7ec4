// assess_updates on damaged and hostile roots: missing lists, sources without lists,
// symlinks pointing out of the root, corrupt indexes, and what the assessment reports.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "common/tests/run_process.hpp"
#include "updates/tests/scenario_root.hpp"

namespace patchplan::updates {
namespace {

namespace fs = std::filesystem;
using testing::package_stanza;
using testing::release_text;
using testing::ScenarioRoot;
using testing::status_stanza;

constexpr const char* kStable = "deb.example.org_debian_dists_stable";

std::string all_warnings(const UpdateAssessment& assessment) {
  std::string text;
  for (const std::string& warning : assessment.warnings) text += warning + "\n";
  return text;
}

class AssessUpdatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_.write("etc/apt/sources.list", "deb http://deb.example.org/debian stable main\n");
    root_.status(status_stanza("curl", "7.88.1-10+deb12u14") +
                 status_stanza("tzdata", "2024a-0", "all") +
                 "Package: removed\nStatus: deinstall ok config-files\nArchitecture: amd64\n"
                 "Version: 1.0\nDescription: gone\n\n");
  }
  ScenarioRoot root_;
};

TEST_F(AssessUpdatesTest, MissingListsFolderIsAWarningAndEverythingIsStatusOnly) {
  auto assessment = root_.assess();
  ASSERT_TRUE(assessment) << assessment.error().message;
  EXPECT_NE(all_warnings(*assessment)
                .find("package lists folder '" + root_.path().string() +
                      "/var/lib/apt/lists/' does not exist"),
            std::string::npos)
      << all_warnings(*assessment);
  ASSERT_EQ(assessment->packages.size(), 2u);  // the config-files package is not installed
  for (const PackageUpdate& package : assessment->packages) {
    EXPECT_TRUE(package.status_only());
    EXPECT_EQ(package.candidate_version, package.installed_version);
    EXPECT_FALSE(package.is_upgradable);
  }
}

TEST_F(AssessUpdatesTest, ConfiguredSourceWithoutListsAsksForAnUpdate) {
  root_.list("unrelated_file", "x");
  auto assessment = root_.assess();
  ASSERT_TRUE(assessment) << assessment.error().message;
  EXPECT_NE(
      all_warnings(*assessment)
          .find("sources.list:1: no package lists for 'http://deb.example.org/debian/ stable' "
                "(run apt-get update)"),
      std::string::npos)
      << all_warnings(*assessment);
  EXPECT_EQ(assessment->indexes_read, 0u);
}

TEST_F(AssessUpdatesTest, ReportsCandidateOriginSourceAndSecurity) {
  root_.write("etc/apt/sources.list.d/security.list",
              "deb http://security.example.org/debian-security stable-security main\n");
  root_.list(std::string(kStable) + "_InRelease",
             release_text("Debian", "Debian", "oldstable", "bookworm", "Version: 12.15\n"));
  root_.list(
      std::string(kStable) + "_main_binary-amd64_Packages",
      package_stanza("curl", "7.88.1-10+deb12u14") + package_stanza("tzdata", "2025b-0", "all"));
  root_.list("security.example.org_debian-security_dists_stable-security_InRelease",
             release_text("Debian", "Debian-Security", "oldstable-security", "bookworm-security"));
  root_.list(
      "security.example.org_debian-security_dists_stable-security_main_binary-amd64_Packages",
      package_stanza("curl", "7.88.1-10+deb12u15", "amd64", "Source: curl (7.88.1-10+deb12u15)\n"));
  auto assessment = root_.assess();
  ASSERT_TRUE(assessment) << assessment.error().message;
  ASSERT_EQ(assessment->packages.size(), 2u);
  const PackageUpdate& curl = assessment->packages[0];
  EXPECT_EQ(curl.name, "curl");
  EXPECT_EQ(curl.candidate_version, "7.88.1-10+deb12u15");
  EXPECT_EQ(curl.candidate_source, "curl");
  EXPECT_TRUE(curl.is_upgradable);
  EXPECT_TRUE(curl.security);
  ASSERT_EQ(curl.candidate_from.size(), 1u);
  EXPECT_EQ(curl.candidate_from[0].label, "Debian-Security");
  EXPECT_EQ(curl.candidate_from[0].codename, "bookworm-security");
  EXPECT_EQ(curl.candidate_from[0].archive_uri, "http://security.example.org/debian-security/");
  EXPECT_EQ(curl.candidate_from[0].component, "main");
  EXPECT_EQ(curl.candidate_priority, 500);
  ASSERT_EQ(curl.installed_from.size(), 1u);
  EXPECT_EQ(curl.installed_from[0].suite, "oldstable");
  EXPECT_EQ(curl.installed_from[0].version, "12.15");
  const PackageUpdate& tzdata = assessment->packages[1];
  EXPECT_TRUE(tzdata.is_upgradable);
  EXPECT_FALSE(tzdata.security);
  EXPECT_EQ(tzdata.candidate_architecture, "all");
  EXPECT_EQ(assessment->upgradable().size(), 2u);
  EXPECT_EQ(assessment->indexes_read, 2u);
}

TEST_F(AssessUpdatesTest, SymlinksOutOfTheRootResolveInsideIt) {
  // An absolute symlink to the machine's own sources must read the root's file instead.
  fs::remove(root_.path() / "etc/apt/sources.list");
  root_.write("etc/apt/inside.list", "deb http://deb.example.org/debian stable main\n");
  fs::create_symlink("/etc/apt/inside.list", root_.path() / "etc/apt/sources.list");
  fs::create_directories(root_.path() / "var/lib/apt");
  fs::create_symlink("/../../../../../../var/lib/apt/lists", root_.path() / "var/lib/apt/lists");
  auto assessment = root_.assess();
  ASSERT_TRUE(assessment) << assessment.error().message;
  // The lists link resolves to the root's own (missing) var/lib/apt/lists, not the host's.
  EXPECT_EQ(assessment->indexes_read, 0u);
  EXPECT_NE(all_warnings(*assessment).find("does not exist"), std::string::npos);
}

TEST_F(AssessUpdatesTest, HostileSourceUriStaysInsideTheListsFolder) {
  root_.write("etc/apt/sources.list", "deb http://evil/../../../../etc/passwd%00 ../../x main\n");
  root_.list("placeholder", "");
  auto assessment = root_.assess();
  ASSERT_TRUE(assessment) << assessment.error().message;
  EXPECT_EQ(assessment->indexes_read, 0u);
  EXPECT_NE(all_warnings(*assessment).find("no package lists"), std::string::npos);
}

TEST_F(AssessUpdatesTest, CorruptIndexIsAnErrorNamingTheFile) {
  root_.list(std::string(kStable) + "_main_binary-amd64_Packages.xz",
             std::string("\xfd"
                         "7zXZ\0 not really xz",
                         20));
  auto assessment = root_.assess();
  ASSERT_FALSE(assessment);
  EXPECT_NE(assessment.error().message.find(kStable), std::string::npos)
      << assessment.error().message;
}

TEST_F(AssessUpdatesTest, GarbledInReleaseIsAnErrorNamingTheFile) {
  root_.list(std::string(kStable) + "_InRelease",
             "-----BEGIN PGP SIGNED MESSAGE-----\nHash: x\n\nOrigin: X\n");
  root_.list(std::string(kStable) + "_main_binary-amd64_Packages", package_stanza("curl", "8.0"));
  auto assessment = root_.assess();
  ASSERT_FALSE(assessment);
  EXPECT_NE(assessment.error().message.find(std::string(kStable) + "_InRelease"), std::string::npos)
      << assessment.error().message;
}

TEST_F(AssessUpdatesTest, MalformedSourcesLineIsAnErrorNamingFileAndLine) {
  root_.write("etc/apt/sources.list",
              "deb http://deb.example.org/debian stable main\ndeb [arch] x y z\n");
  auto assessment = root_.assess();
  ASSERT_FALSE(assessment);
  EXPECT_EQ(
      assessment.error().message,
      root_.path().string() + "/etc/apt/sources.list:2: malformed entry ([option] not assignment)");
}

// dpkg itself writes the root's arch file; our foreign architectures are the ones
// `dpkg --print-foreign-architectures` prints for that admin directory.
TEST_F(AssessUpdatesTest, ArchitecturesComeFromDpkgWhenAptHasNone) {
  std::string admindir = (root_.path() / "var/lib/dpkg").string();
  for (std::string arch : {"i386", "armhf"}) {
    auto added = patchplan::testing::run_process(
        {"dpkg", "--admindir=" + admindir, "--add-architecture", arch});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }
  auto dpkg = patchplan::testing::run_process(
      {"dpkg", "--admindir=" + admindir, "--print-foreign-architectures"});
  ASSERT_EQ(dpkg.exit_code, 0) << dpkg.err;
  std::vector<std::string> expected = {"amd64"};
  std::istringstream lines(dpkg.out);
  for (std::string line; std::getline(lines, line);) expected.push_back(line);

  auto assessment = root_.assess("");
  ASSERT_TRUE(assessment) << assessment.error().message;
  EXPECT_EQ(assessment->native_architecture, "amd64");
  EXPECT_EQ(assessment->architectures, expected);
}

TEST_F(AssessUpdatesTest, AptArchitecturesOverrideDpkgs) {
  root_.write("var/lib/dpkg/arch", "amd64\ni386\n");
  root_.write("etc/apt/apt.conf",
              "APT::Architecture \"amd64\";\nAPT::Architectures { \"arm64\"; };\n");
  auto assessment = root_.assess("");
  ASSERT_TRUE(assessment) << assessment.error().message;
  EXPECT_EQ(assessment->architectures, (std::vector<std::string>{"amd64", "arm64"}));
}

}  // namespace
}  // namespace patchplan::updates
