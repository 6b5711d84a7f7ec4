// Candidate selection on hand-written roots, each scenario checked against apt run on the
// same root (apt-cache policy candidates and apt list --upgradable), never against
// expectations typed here alone.
#include <gtest/gtest.h>

#include "updates/tests/scenario_root.hpp"

namespace patchplan::updates {
namespace {

using testing::package_stanza;
using testing::release_text;
using testing::ScenarioRoot;
using testing::status_stanza;

constexpr const char* kStable = "deb.example.org_debian_dists_stable";
constexpr const char* kUpdates = "deb.example.org_debian_dists_stable-updates";
constexpr const char* kSecurity = "security.example.org_debian-security_dists_stable-security";
constexpr const char* kBackports = "deb.example.org_debian_dists_stable-backports";
constexpr const char* kExperimental = "deb.example.org_debian_dists_experimental";

class CandidatePolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_.write("etc/apt/sources.list",
                "deb http://deb.example.org/debian stable main contrib\n"
                "deb http://deb.example.org/debian stable-updates main\n"
                "deb http://security.example.org/debian-security stable-security main\n");
    root_.list(std::string(kStable) + "_Release",
               release_text("Debian", "Debian", "stable", "bookworm", "Version: 12.15\n"));
    root_.list(std::string(kUpdates) + "_Release",
               release_text("Debian", "Debian", "stable-updates", "bookworm-updates"));
    root_.list(std::string(kSecurity) + "_Release",
               release_text("Debian", "Debian-Security", "stable-security", "bookworm-security"));
  }

  void packages(const std::string& list, const std::string& stanzas,
                const std::string& component = "main", const std::string& arch = "amd64") {
    root_.list(list + "_" + component + "_binary-" + arch + "_Packages", stanzas);
  }

  // Ours and apt's candidates and upgradable lists agree, and apt did not refuse the root.
  void expect_same_as_apt(const std::string& extra_config = "",
                          const std::string& native = "amd64") {
    testing::PolicyView apt = testing::apt_view(root_, native, extra_config);
    testing::PolicyView ours = testing::our_view(root_, native);
    ASSERT_TRUE(apt.error.empty()) << apt.error;
    ASSERT_TRUE(ours.error.empty()) << ours.error;
    ASSERT_FALSE(apt.candidates.empty()) << describe(ours);
    EXPECT_EQ(ours.candidates, apt.candidates) << "apt:\n"
                                               << describe(apt) << "ours:\n"
                                               << describe(ours);
    EXPECT_EQ(ours.upgradable, apt.upgradable) << "apt:\n"
                                               << describe(apt) << "ours:\n"
                                               << describe(ours);
  }

  // Both refuse the root; our message contains `reason`.
  void expect_refused_like_apt(const std::string& reason) {
    testing::PolicyView apt = testing::apt_view(root_);
    testing::PolicyView ours = testing::our_view(root_);
    EXPECT_FALSE(apt.error.empty()) << "apt accepted the root:\n" << describe(apt);
    EXPECT_NE(ours.error.find(reason), std::string::npos) << describe(ours);
  }

  ScenarioRoot root_;
};

TEST_F(CandidatePolicyTest, NewestVersionAcrossReleasesWins) {
  packages(kStable, package_stanza("curl", "7.88.1-10+deb12u14") +
                        package_stanza("bash", "5.2.15-2+b2") +
                        package_stanza("tzdata", "2024a-0+deb12u1", "all"));
  packages(kUpdates, package_stanza("tzdata", "2025b-0+deb12u1", "all"));
  packages(kSecurity, package_stanza("curl", "7.88.1-10+deb12u15"));
  root_.status(status_stanza("curl", "7.88.1-10+deb12u14") + status_stanza("bash", "5.2.15-2+b2") +
               status_stanza("tzdata", "2024a-0+deb12u1", "all"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, StatusOnlyVersionsAndOlderArchiveVersions) {
  packages(kStable, package_stanza("localtool", "1.0-1") + package_stanza("gone", "0.9"));
  root_.status(status_stanza("localtool", "2.0-local1") + status_stanza("gone", "1.0") +
               status_stanza("orphan", "3.1"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, SameVersionWithOtherDependenciesIsAnotherCacheVersion) {
  // The status stanza lacks the Depends of the archive's: apt keeps two versions and
  // lists the package as upgradable to the same version string.
  packages(kStable, package_stanza("libfoo1", "1.2-3", "amd64", "Depends: libc6 (>= 2.34)\n") +
                        package_stanza("libbar1", "2.0", "amd64", "Depends: libc6\n") +
                        package_stanza("epochy", "1:3.0", "amd64", "Depends: libx (>= 0:1.0)\n"));
  root_.status(status_stanza("libfoo1", "1.2-3") +
               status_stanza("libbar1", "2.0", "amd64", "Depends:   LIBC6\n") +
               status_stanza("epochy", "1:3.0", "amd64", "Depends: libx (>= 1.0)\n"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, MultiArchMismatchSeparatesVersions) {
  packages(kStable, package_stanza("libma", "1.0", "amd64", "Multi-Arch: same\n") +
                        package_stanza("toolma", "1.0", "amd64", "Multi-Arch: foreign\n"));
  root_.status(status_stanza("libma", "1.0", "amd64", "Multi-Arch: same\n") +
               status_stanza("toolma", "1.0"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, ArchitectureAllAndArchitectureChanges) {
  packages(kStable, package_stanza("docs", "1.1", "all") + package_stanza("moved", "2.0", "amd64") +
                        package_stanza("toall", "3.0", "all"));
  root_.status(status_stanza("docs", "1.0", "all") + status_stanza("moved", "1.0", "all") +
               status_stanza("toall", "2.0", "amd64"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, NotAutomaticReleasesStayBehind) {
  root_.write("etc/apt/sources.list.d/extra.list",
              "deb http://deb.example.org/debian stable-backports main\n"
              "deb http://deb.example.org/debian experimental main\n");
  root_.list(std::string(kBackports) + "_Release",
             release_text("Debian Backports", "Debian Backports", "stable-backports",
                          "bookworm-backports", "NotAutomatic: yes\nButAutomaticUpgrades: yes\n"));
  root_.list(std::string(kExperimental) + "_Release",
             release_text("Debian", "Debian", "experimental", "rc-buggy", "NotAutomatic: yes\n"));
  packages(kStable,
           package_stanza("aa", "1.0") + package_stanza("bb", "1.0") + package_stanza("cc", "1.0"));
  packages(kBackports, package_stanza("aa", "2.0~bpo12+1") + package_stanza("bb", "2.0~bpo12+1") +
                           package_stanza("bb", "2.1~bpo12+1"));
  packages(kExperimental, package_stanza("cc", "3.0") + package_stanza("bb", "4.0"));
  root_.status(status_stanza("aa", "1.0") + status_stanza("bb", "2.0~bpo12+1") +
               status_stanza("cc", "1.0"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, ButAutomaticUpgradesAloneGivesPriority100) {
  root_.write("etc/apt/sources.list.d/extra.list",
              "deb http://deb.example.org/debian stable-backports main\n");
  root_.list(std::string(kBackports) + "_Release",
             release_text("Debian Backports", "Debian Backports", "stable-backports",
                          "bookworm-backports", "ButAutomaticUpgrades: yes\n"));
  packages(kStable, package_stanza("aa", "1.0"));
  packages(kBackports, package_stanza("aa", "2.0~bpo12+1"));
  root_.status(status_stanza("aa", "1.0"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, DefaultReleaseGets990) {
  root_.write("etc/apt/apt.conf.d/10default", "APT::Default-Release \"stable-updates\";\n");
  packages(kStable, package_stanza("aa", "2.0") + package_stanza("bb", "1.0"));
  packages(kUpdates, package_stanza("aa", "1.5") + package_stanza("bb", "1.1"));
  root_.status(status_stanza("aa", "1.0") + status_stanza("bb", "1.0"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, DefaultReleaseNamingNoReleaseIsRefused) {
  root_.write("etc/apt/apt.conf", "APT::Default-Release \"nonesuch\";\n");
  packages(kStable, package_stanza("aa", "2.0"));
  root_.status(status_stanza("aa", "1.0"));
  expect_refused_like_apt("invalid for APT::Default-Release");
}

TEST_F(CandidatePolicyTest, VersionPinAbove1000Downgrades) {
  root_.write("etc/apt/preferences",
              "Package: aa\nPin: version 1.*\nPin-Priority: 1001\n\n"
              "Package: bb\nPin: version 2.0\nPin-Priority: 999\n");
  packages(kStable, package_stanza("aa", "1.5") + package_stanza("aa", "2.0") +
                        package_stanza("bb", "2.0") + package_stanza("bb", "2.5"));
  root_.status(status_stanza("aa", "2.0") + status_stanza("bb", "1.0"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, NegativeAndLowPinsHoldPackagesBack) {
  root_.write("etc/apt/preferences.d/hold",
              "Package: aa\nPin: release a=stable-security\nPin-Priority: -1\n\n"
              "Package: bb\nPin: version *\nPin-Priority: -10\n\n"
              "Package: cc\nPin: release *\nPin-Priority: 50\n");
  packages(kStable,
           package_stanza("aa", "1.0") + package_stanza("bb", "1.1") + package_stanza("cc", "1.1"));
  packages(kSecurity, package_stanza("aa", "1.1"));
  root_.status(status_stanza("aa", "1.0") + status_stanza("bb", "1.0") +
               status_stanza("cc", "1.0"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, ReleasePinKeysOriginLabelCodenameComponentArchitecture) {
  root_.write("etc/apt/preferences.d/keys",
              "Package: *\nPin: release o=Debian,l=Debian-Security\nPin-Priority: 100\n\n"
              "Package: p1\nPin: release n=bookworm-updates\nPin-Priority: 50\n\n"
              "Package: p2\nPin: release c=contrib\nPin-Priority: 990\n\n"
              "Package: p3\nPin: release b=amd64, a=stable\nPin-Priority: 80\n\n"
              "Package: p4\nPin: release v=12.*\nPin-Priority: 990\n\n"
              "Package: p5\nPin: release stable-updates\nPin-Priority: 20\n");
  packages(kStable, package_stanza("p1", "1.0") + package_stanza("p3", "1.0") +
                        package_stanza("p4", "1.0") + package_stanza("p5", "1.0") +
                        package_stanza("sec", "1.0"));
  packages(kStable, package_stanza("p2", "1.0"), "contrib");
  packages(kUpdates, package_stanza("p1", "1.1") + package_stanza("p2", "1.1") +
                         package_stanza("p3", "1.1") + package_stanza("p4", "1.1") +
                         package_stanza("p5", "1.1"));
  packages(kSecurity, package_stanza("sec", "1.1"));
  root_.status(status_stanza("p1", "0.9") + status_stanza("p2", "0.9") +
               status_stanza("p3", "0.9") + status_stanza("p4", "0.9") +
               status_stanza("p5", "0.9") + status_stanza("sec", "1.0"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, OriginPinsMatchTheSourceHost) {
  root_.write("etc/apt/preferences.d/origin",
              "Package: *\nPin: origin security.example.org\nPin-Priority: 200\n\n"
              "Package: qq\nPin: origin \"deb.example.org\"\nPin-Priority: 600\n");
  packages(kStable, package_stanza("qq", "1.0") + package_stanza("rr", "2.0"));
  packages(kSecurity, package_stanza("qq", "1.1") + package_stanza("rr", "1.5"));
  root_.status(status_stanza("qq", "1.0") + status_stanza("rr", "1.0"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, GlobRegexAndSourcePackagePins) {
  root_.write("etc/apt/preferences.d/names",
              "Package: lib*\nPin: release a=stable-security\nPin-Priority: -1\n\n"
              "Package: /^tool-[0-9]+$/\nPin: version 1.0\nPin-Priority: 1001\n\n"
              "Package: src:bigsrc\nPin: release a=stable-updates\nPin-Priority: 50\n\n"
              "Package: keep1 keep2\nPin: version 1.0\nPin-Priority: 1001\n");
  packages(kStable, package_stanza("libone", "1.0") + package_stanza("tool-7", "1.0") +
                        package_stanza("bin-a", "1.0", "amd64", "Source: bigsrc\n") +
                        package_stanza("bin-b", "1.0", "amd64", "Source: bigsrc (0.9)\n") +
                        package_stanza("keep1", "1.0") + package_stanza("keep2", "1.0") +
                        package_stanza("keep3", "1.0"));
  packages(kUpdates, package_stanza("bin-a", "1.1", "amd64", "Source: bigsrc\n") +
                         package_stanza("bin-b", "1.1", "amd64", "Source: bigsrc (1.0)\n") +
                         package_stanza("tool-7", "2.0"));
  packages(kSecurity, package_stanza("libone", "1.1"));
  root_.status(status_stanza("libone", "1.0") + status_stanza("tool-7", "2.0") +
               status_stanza("bin-a", "1.0") + status_stanza("bin-b", "1.0") +
               status_stanza("keep1", "1.1") + status_stanza("keep2", "1.0") +
               status_stanza("keep3", "1.1"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, FirstMatchingPinWinsAndDefaultsApplyInOrder) {
  root_.write("etc/apt/preferences",
              "Package: aa\nPin: release a=stable-updates\nPin-Priority: 10\n\n"
              "Package: aa\nPin: release a=stable-updates\nPin-Priority: 900\n\n"
              "Package: *\nPin: release a=stable-updates\nPin-Priority: 40\n\n"
              "Package: *\nPin: release a=stable-updates\nPin-Priority: 990\n\n"
              "# only a comment here\n\n"
              "Package: bb\nPin-Priority: 1001\n");
  packages(kStable,
           package_stanza("aa", "1.0") + package_stanza("bb", "1.0") + package_stanza("cc", "1.0"));
  packages(kUpdates,
           package_stanza("aa", "1.1") + package_stanza("bb", "1.1") + package_stanza("cc", "1.1"));
  root_.status(status_stanza("aa", "1.0") + status_stanza("bb", "1.0") +
               status_stanza("cc", "1.0"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, PinOnTheStatusFileWithReleaseNow) {
  root_.write("etc/apt/preferences", "Package: *\nPin: release a=now\nPin-Priority: 1001\n");
  packages(kStable, package_stanza("aa", "1.1") + package_stanza("bb", "0.5"));
  root_.status(status_stanza("aa", "1.0") + status_stanza("bb", "1.0"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, PreferencesWithoutPackageAreRefused) {
  root_.write("etc/apt/preferences", "Pin: release a=stable\nPin-Priority: 500\n");
  packages(kStable, package_stanza("aa", "1.1"));
  root_.status(status_stanza("aa", "1.0"));
  expect_refused_like_apt("no Package header");
}

TEST_F(CandidatePolicyTest, PinWithoutPriorityIsRefused) {
  root_.write("etc/apt/preferences", "Package: aa\nPin: release a=stable\n");
  packages(kStable, package_stanza("aa", "1.1"));
  root_.status(status_stanza("aa", "1.0"));
  expect_refused_like_apt("no priority (or zero) specified for pin");
}

TEST_F(CandidatePolicyTest, SameVersionInTwoReleasesWithDifferentContents) {
  packages(kStable,
           package_stanza("dup", "1.0", "amd64", "Depends: x\n") + package_stanza("sized", "1.0"));
  packages(kSecurity, package_stanza("dup", "1.0", "amd64", "Depends: y\n") +
                          "Package: sized\nVersion: 1.0\nArchitecture: amd64\nInstalled-Size: 10\n"
                          "Size: 2000\nDescription: other build\n\n");
  root_.status(status_stanza("dup", "1.0", "amd64", "Depends: y\n") +
               status_stanza("sized", "1.0"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, PhasedUpdatesAreStillListed) {
  packages(kStable, package_stanza("aa", "1.0"));
  packages(kUpdates, package_stanza("aa", "1.1", "amd64", "Phased-Update-Percentage: 10\n"));
  root_.status(status_stanza("aa", "1.0"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, ForeignArchitecturePackages) {
  root_.write("etc/apt/apt.conf.d/archs", "APT::Architectures { \"amd64\"; \"i386\"; };\n");
  packages(kStable, package_stanza("libc6", "2.36-9", "amd64", "Multi-Arch: same\n"));
  packages(kStable, package_stanza("libc6", "2.36-9", "i386", "Multi-Arch: same\n"), "main",
           "i386");
  packages(kSecurity, package_stanza("libc6", "2.36-9+deb12u1", "amd64", "Multi-Arch: same\n"));
  packages(kSecurity, package_stanza("libc6", "2.36-9+deb12u1", "i386", "Multi-Arch: same\n"),
           "main", "i386");
  root_.status(status_stanza("libc6", "2.36-9", "amd64", "Multi-Arch: same\n") +
               status_stanza("libc6", "2.36-9", "i386", "Multi-Arch: same\n"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, ListsOfUnconfiguredSourcesAreIgnored) {
  packages(kStable, package_stanza("aa", "1.0"));
  root_.list("other.example.org_debian_dists_stable_Release",
             release_text("Other", "Other", "stable", "bookworm"));
  root_.list("other.example.org_debian_dists_stable_main_binary-amd64_Packages",
             package_stanza("aa", "9.0"));
  root_.status(status_stanza("aa", "1.0"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, Deb822SourcesFlatRepositoryAndDisabledStanza) {
  root_.write("etc/apt/sources.list.d/more.sources",
              "Types: deb\nURIs: http://flat.example.org/repo\nSuites: ./\n\n"
              "Types: deb\nURIs: http://off.example.org/debian\nSuites: stable\nComponents: main\n"
              "Enabled: no\n");
  root_.list("flat.example.org_repo_._Release", release_text("Flat", "Flat", "flat", "flat"));
  root_.list("flat.example.org_repo_._Packages", package_stanza("aa", "1.5"));
  root_.list("off.example.org_debian_dists_stable_main_binary-amd64_Packages",
             package_stanza("aa", "9.0"));
  packages(kStable, package_stanza("aa", "1.0"));
  root_.status(status_stanza("aa", "1.0"));
  expect_same_as_apt();
}

TEST_F(CandidatePolicyTest, SourceWithoutReleaseFileStillCounts) {
  root_.write("etc/apt/sources.list.d/norelease.list",
              "deb http://bare.example.org/x stable main\n");
  root_.list("bare.example.org_x_dists_stable_main_binary-amd64_Packages",
             package_stanza("aa", "1.2"));
  root_.write("etc/apt/preferences",
              "Package: bb\nPin: origin bare.example.org\nPin-Priority: 1001\n");
  root_.list("bare.example.org_x_dists_stable_main_binary-amd64_Packages",
             package_stanza("aa", "1.2") + package_stanza("bb", "0.5"));
  packages(kStable, package_stanza("aa", "1.0") + package_stanza("bb", "1.0"));
  root_.status(status_stanza("aa", "1.0") + status_stanza("bb", "1.0"));
  expect_same_as_apt();
}

}  // namespace
}  // namespace patchplan::updates
