// Preferences parsing and pin expressions (the policy itself is held against apt in
// candidate_policy_test.cpp).
#include "updates/preferences.hpp"

#include <gtest/gtest.h>

#include "updates/candidate_policy.hpp"
#include "updates/version_match.hpp"

namespace patchplan::updates {
namespace {

Expected<std::vector<PinStanza>> parse(const std::string& text,
                                       AptSemantics semantics = AptSemantics::kApt26) {
  std::vector<std::string> notices;
  return parse_preferences(text, "prefs", semantics, notices);
}

TEST(PreferencesTest, StanzasWithCommentsAndSeveralPackages) {
  std::vector<std::string> notices;
  auto stanzas = parse_preferences(
      "# local pins\nExplanation: keep it\nPackage: foo bar:i386\n# inside the stanza\n"
      "Pin: release a=stable-backports, c=main\nPin-Priority: 600\n\n"
      "Package: *\nPin: origin \"\"\nPin-Priority: -5\n\n"
      "Package: baz\nPin: version 1.2*\nPin-Priority: 1001\n\n"
      "Package: qux\nPin: bogus x\nPin-Priority: 1\n\n"
      "Package: nopin\nPin-Priority: 100\n",
      "prefs", AptSemantics::kApt26, notices);
  ASSERT_TRUE(stanzas) << stanzas.error().message;
  ASSERT_EQ(stanzas->size(), 3u);
  EXPECT_EQ((*stanzas)[0].packages, (std::vector<std::string>{"foo", "bar:i386"}));
  EXPECT_EQ((*stanzas)[0].kind, PinKind::kRelease);
  EXPECT_EQ((*stanzas)[0].data, "a=stable-backports, c=main");
  EXPECT_EQ((*stanzas)[0].priority, 600);
  EXPECT_EQ((*stanzas)[0].origin, "prefs:2");
  EXPECT_TRUE((*stanzas)[1].packages.empty());
  EXPECT_EQ((*stanzas)[1].kind, PinKind::kOrigin);
  EXPECT_EQ((*stanzas)[2].kind, PinKind::kVersion);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0], "prefs:16: did not understand pin type 'bogus'");
}

TEST(PreferencesTest, BadStanzasAreErrorsNamingFileAndLine) {
  EXPECT_EQ(parse("Pin: release a=x\nPin-Priority: 1\n").error().message,
            "prefs:1: invalid record in the preferences file, no Package header");
  EXPECT_EQ(parse("\nPackage: a\nPin: release a=x\n").error().message,
            "prefs:2: no priority (or zero) specified for pin");
  EXPECT_EQ(parse("Package: a\nPin: release a=x\nPin-Priority: 0\n").error().message,
            "prefs:1: no priority (or zero) specified for pin");
  EXPECT_EQ(parse("Package: a\nPin: release a=x\nPin-Priority: high\n").error().message,
            "prefs:1: no priority (or zero) specified for pin");
  EXPECT_NE(parse("Package: a\nPin: release a=x\nPin-Priority: 40000\n")
                .error()
                .message.find("outside the range of valid pin priorities"),
            std::string::npos);
  EXPECT_FALSE(parse("Package: a\nPin: release a=x\nPin-Priority: never\n"));
  auto never = parse("Package: a\nPin: release a=x\nPin-Priority: never\n", AptSemantics::kApt30);
  ASSERT_TRUE(never);
  EXPECT_EQ((*never)[0].priority, kNeverPin);
}

TEST(PreferencesTest, ExpressionsAreGlobsOrRegularExpressionsIgnoringCase) {
  EXPECT_TRUE(expression_matches("stable*", "Stable-Updates"));
  EXPECT_TRUE(expression_matches("/^bookworm(-security)?$/", "BOOKWORM-security"));
  EXPECT_FALSE(expression_matches("/^bookworm$/", "bookworm-security"));
  EXPECT_FALSE(expression_matches("*", ""));      // a field apt did not store
  EXPECT_FALSE(expression_matches("/([/", "x"));  // invalid regex: no match
}

TEST(PreferencesTest, ReleaseMatchersCompareTheReleaseFields) {
  std::vector<ReleaseEntry> releases(1);
  releases[0].info = ReleaseInfo{"Debian",
                                 "Debian-Security",
                                 "oldstable-security",
                                 "bookworm-security",
                                 "12",
                                 "",
                                 false,
                                 false,
                                 {},
                                 {}};
  releases[0].site = "deb.debian.org";
  std::vector<PackageFile> files = {PackageFile{0, false, "main", "amd64", "x"},
                                    PackageFile{std::nullopt, true, "now", "", "status"}};
  auto matches = [&](std::string data, PinKind kind, std::size_t file) {
    return VersionMatcher(data, kind).file_matches(files[file], releases);
  };
  EXPECT_TRUE(matches("o=Debian,l=Debian-Security", PinKind::kRelease, 0));
  EXPECT_TRUE(matches("n=bookworm-security, c=main, b=amd64", PinKind::kRelease, 0));
  EXPECT_FALSE(matches("n=bookworm-security, c=contrib", PinKind::kRelease, 0));
  EXPECT_TRUE(matches("oldstable-security", PinKind::kRelease, 0));
  EXPECT_TRUE(matches("1*", PinKind::kRelease, 0));
  EXPECT_TRUE(matches("*", PinKind::kRelease, 1));
  EXPECT_TRUE(matches("a=now", PinKind::kRelease, 1));
  EXPECT_FALSE(matches("o=Debian", PinKind::kRelease, 1));
  EXPECT_TRUE(matches("deb.debian.org", PinKind::kOrigin, 0));
  EXPECT_FALSE(matches("\"\"", PinKind::kOrigin, 0));
  EXPECT_FALSE(matches("deb.debian.org", PinKind::kOrigin, 1));
}

// apt 3.0 (policy.cc NEVER_PIN): a "never" default pin wins over every other default pin
// of the same file and keeps its versions from ever being candidates, also against a
// version pin; apt 2.6 refuses the word.
TEST(PreferencesTest, NeverPinsUnderApt30) {
  std::vector<ReleaseEntry> releases(2);
  releases[0].info =
      ReleaseInfo{"Debian", "Debian", "stable", "bookworm", "", "", false, false, {}, {}};
  releases[1].info = ReleaseInfo{"Other", "Other", "other", "other", "", "", false, false, {}, {}};
  std::vector<PackageFile> files = {PackageFile{0, false, "main", "amd64", "a"},
                                    PackageFile{1, false, "main", "amd64", "b"},
                                    PackageFile{std::nullopt, true, "now", "", "status"}};
  auto stanzas = parse(
      "Package: *\nPin: release o=Other\nPin-Priority: 900\n\n"
      "Package: *\nPin: release o=Other\nPin-Priority: never\n\n"
      "Package: pkg\nPin: version 2.0\nPin-Priority: 1001\n",
      AptSemantics::kApt30);
  ASSERT_TRUE(stanzas) << stanzas.error().message;
  auto policy =
      CandidatePolicy::create(releases, files, *stanzas, "", "amd64", AptSemantics::kApt30);
  ASSERT_TRUE(policy) << policy.error().message;
  EXPECT_EQ(policy->file_priority(0), 500);
  EXPECT_EQ(policy->file_priority(1), kNeverPin);

  PackageVersions versions;
  versions.versions.push_back(CacheVersion{"2.0", "pkg", "2.0", std::nullopt, {}, {1}});
  versions.versions.push_back(CacheVersion{"1.0", "pkg", "1.0", std::nullopt, {}, {0, 2}});
  versions.current = 1;
  EXPECT_EQ(policy->version_priority("pkg", "amd64", versions, 0), kNeverPin);
  EXPECT_EQ(policy->candidate("pkg", "amd64", versions), 1u);
}

TEST(PreferencesTest, ArchitectureSpecificationsOfPinNames) {
  EXPECT_TRUE(architecture_matches_spec("amd64", "amd64"));
  EXPECT_FALSE(architecture_matches_spec("amd64", "i386"));
  EXPECT_TRUE(architecture_matches_spec("any", "i386"));
  EXPECT_TRUE(architecture_matches_spec("linux-any", "arm64"));
  EXPECT_TRUE(architecture_matches_spec("any-i386", "i386"));
  EXPECT_FALSE(architecture_matches_spec("kfreebsd-any", "amd64"));
}

}  // namespace
}  // namespace patchplan::updates
