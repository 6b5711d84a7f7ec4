// The changelog parser on small fixtures: each rule of deb-changelog(5) and dpkg's
// parser, and broken or hostile input.
#include "feeds/changelog_parser.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/tests/test_files.hpp"

namespace patchplan::feeds {
namespace {

class ChangelogParserTest : public ::testing::Test {
 protected:
  Changelog parse(const std::string& text, const ChangelogOptions& options = {}) {
    dir_.write("changelog", text);
    auto root = RootFs::open(dir_.path().string());
    EXPECT_TRUE(root.has_value());
    auto changelog = read_changelog(*root, "changelog", options);
    EXPECT_TRUE(changelog.has_value()) << (changelog ? "" : changelog.error().message);
    return changelog ? std::move(*changelog) : Changelog{};
  }

  static bool has_warning(const Changelog& changelog, std::string_view text) {
    for (const std::string& warning : changelog.warnings) {
      if (warning.find(text) != std::string::npos) return true;
    }
    return false;
  }

  testing::TempDir dir_;
};

constexpr const char* kTwoEntries =
    "openssl (3.0.17-1~deb12u3) bookworm-security; urgency=high\n"
    "\n"
    "  * Fix CVE-2025-9230 and CVE-2025-9232.\n"
    "    Also CVE-2025-9230 again, cve-2025-1111 and CVE-2025-12 are not ids.\n"
    "\n"
    " -- Sebastian Andrzej Siewior <sebastian@breakpoint.cc>  Tue, 30 Sep 2025 21:45:13 +0200\n"
    "\n"
    "openssl (3.0.17-1~deb12u2) bookworm; urgency=medium (for users of X)\n"
    "\n"
    "  * Import CVE-2025-4575.\n"
    "\n"
    " -- Sebastian Andrzej Siewior <sebastian@breakpoint.cc>  Sat, 9 Aug 2025 10:00:00 -0000\n";

TEST_F(ChangelogParserTest, ReadsHeaderBodyAndTrailerOfEachEntry) {
  Changelog changelog = parse(kTwoEntries);
  ASSERT_EQ(changelog.entries.size(), 2u);
  const ChangelogEntry& first = changelog.entries[0];
  EXPECT_EQ(first.package, "openssl");
  EXPECT_EQ(first.version, "3.0.17-1~deb12u3");
  EXPECT_EQ(first.distributions, std::vector<std::string>{"bookworm-security"});
  EXPECT_EQ(first.urgency, "high");
  EXPECT_EQ(first.maintainer, "Sebastian Andrzej Siewior <sebastian@breakpoint.cc>");
  EXPECT_EQ(first.date, "2025-09-30T21:45:13+02:00");
  EXPECT_EQ(first.cves, (std::vector<std::string>{"CVE-2025-9230", "CVE-2025-9232"}));
  EXPECT_EQ(first.line, 1u);
  EXPECT_EQ(changelog.entries[1].line, 8u);
  EXPECT_TRUE(changelog.warnings.empty()) << changelog.warnings[0];
}

TEST_F(ChangelogParserTest, UrgencyCommentIsDroppedAndZoneMinusZeroHasNoOffset) {
  Changelog changelog = parse(kTwoEntries);
  ASSERT_EQ(changelog.entries.size(), 2u);
  EXPECT_EQ(changelog.entries[1].urgency, "medium");
  EXPECT_EQ(changelog.entries[1].date, "2025-08-09T10:00:00");
  EXPECT_EQ(changelog.entries[1].cves, std::vector<std::string>{"CVE-2025-4575"});
}

TEST_F(ChangelogParserTest, CvesOfHeaderAndTrailerAreNotTheEntrys) {
  Changelog changelog = parse(
      "cve-2024-1234 (1.0-1) unstable; urgency=LOW\n\n  * Nothing.\n\n"
      " -- CVE-2024-5678 <a@b>  Mon, 01 Jan 2024 00:00:00 +0000\n");
  ASSERT_EQ(changelog.entries.size(), 1u);
  EXPECT_EQ(changelog.entries[0].urgency, "low");
  EXPECT_TRUE(changelog.entries[0].cves.empty());
}

TEST_F(ChangelogParserTest, MultipleDistributionsAndOtherOptions) {
  Changelog changelog = parse(
      "dpkg (1.2.14) stable  unstable; Binary-Only=yes, urgency=Medium\n\n  * x\n\n"
      " -- A <a@b>  Thu, 22 Aug 1996 00:39:52 +0100\n");
  ASSERT_EQ(changelog.entries.size(), 1u);
  EXPECT_EQ(changelog.entries[0].distributions, (std::vector<std::string>{"stable", "unstable"}));
  EXPECT_EQ(changelog.entries[0].urgency, "medium");
}

TEST_F(ChangelogParserTest, InvalidVersionSkipsTheEntryWithItsLine) {
  Changelog changelog = parse(
      "foo (1.0-1) unstable; urgency=low\n\n  * fine\n\n -- A <a@b>  Mon, 01 Jan 2024 00:00:00 "
      "+0000\n\n"
      "foo (abc) unstable; urgency=low\n\n  * CVE-2020-0001\n\n"
      " -- A <a@b>  Mon, 01 Jan 2024 00:00:00 +0000\n");
  ASSERT_EQ(changelog.entries.size(), 1u);
  EXPECT_EQ(changelog.entries[0].version, "1.0-1");
  ASSERT_EQ(changelog.warnings.size(), 1u);
  EXPECT_NE(changelog.warnings[0].find("changelog:7: "), std::string::npos)
      << changelog.warnings[0];
  EXPECT_NE(changelog.warnings[0].find("entry skipped"), std::string::npos);
}

TEST_F(ChangelogParserTest, BadDatesKeepTheEntryWithoutDate) {
  Changelog changelog = parse(
      "a (1) unstable; urgency=low\n\n  * x\n\n -- A <a@b>  Mon, 23 Sept 2002 21:35:07 -0100\n\n"
      "a (0.9) unstable; urgency=low\n\n  * x\n\n -- A <a@b>  Sun, 25 June 2006 18:03:13 +0000\n\n"
      "a (0.8) unstable; urgency=low\n\n  * x\n\n -- A <a@b>  Sun, 30 Feb 2006 18:03:13 +0000\n");
  ASSERT_EQ(changelog.entries.size(), 3u);
  EXPECT_EQ(changelog.entries[0].date, "");
  EXPECT_EQ(changelog.entries[1].date, "2006-06-25T18:03:13+00:00");
  EXPECT_EQ(changelog.entries[2].date, "");
  EXPECT_TRUE(has_warning(changelog, "changelog:5: cannot read date '23 Sept 2002"));
  EXPECT_TRUE(has_warning(changelog, "changelog:11: uses full month name 'June'"));
  EXPECT_TRUE(has_warning(changelog, "changelog:17: cannot read date '30 Feb 2006"));
}

TEST_F(ChangelogParserTest, ZoneBeyondADayIsGivenInUtc) {
  Changelog changelog = parse(
      "a (1) unstable; urgency=low\n\n  * x\n\n -- A <a@b>  Wed, 14 Jan 2004 00:00:00 -5000\n");
  ASSERT_EQ(changelog.entries.size(), 1u);
  EXPECT_EQ(changelog.entries[0].date, "2004-01-16T02:00:00+00:00");
}

TEST_F(ChangelogParserTest, MissingTrailerKeepsTheEntryAndWarns) {
  Changelog changelog = parse(
      "a (2) unstable; urgency=low\n\n  * CVE-2021-44228\n\n"
      "a (1) unstable; urgency=low\n\n  * x\n\n -- A <a@b>  Mon, 01 Jan 2024 00:00:00 +0000\n");
  ASSERT_EQ(changelog.entries.size(), 2u);
  EXPECT_EQ(changelog.entries[0].cves, std::vector<std::string>{"CVE-2021-44228"});
  EXPECT_EQ(changelog.entries[0].date, "");
  EXPECT_TRUE(
      has_warning(changelog, "changelog:5: found start of entry where expected more change data"));
}

TEST_F(ChangelogParserTest, ChangeDataWithoutHeadingIsSkipped) {
  Changelog changelog = parse(
      "  * CVE-2020-1111 before any heading\n\n"
      "a (1) unstable; urgency=low\n\n  * x\n\n -- A <a@b>  Mon, 01 Jan 2024 00:00:00 +0000\n\n"
      "  * CVE-2020-2222 after a trailer\n");
  ASSERT_EQ(changelog.entries.size(), 1u);
  EXPECT_TRUE(changelog.entries[0].cves.empty());
  EXPECT_TRUE(has_warning(changelog, "changelog:1: change data without a heading: skipped"));
  EXPECT_TRUE(has_warning(changelog, "changelog:9: found change data where expected next heading"));
}

TEST_F(ChangelogParserTest, EditorVariablesAndOldFormatEndTheEntries) {
  Changelog emacs = parse(
      "a (1) unstable; urgency=low\n\n  * x\n\n -- A <a@b>  Mon, 01 Jan 2024 00:00:00 +0000\n\n"
      "Local variables:\nmode: debian-changelog\nEnd:\n");
  EXPECT_EQ(emacs.entries.size(), 1u);
  EXPECT_TRUE(emacs.warnings.empty());
  Changelog ancient = parse(
      "a (1) unstable; urgency=low\n\n  * x\n\n -- A <a@b>  Mon, 01 Jan 2024 00:00:00 +0000\n\n"
      "a (0.9)) unstable; urgency=low\n\n  * CVE-2020-3333\n\n"
      " -- A <a@b>  Mon, 01 Jan 2023 00:00:00 +0000\n");
  EXPECT_EQ(ancient.entries.size(), 1u);
  EXPECT_TRUE(has_warning(ancient, "changelog:7: old changelog format"));
}

TEST_F(ChangelogParserTest, OversizedLineIsSkippedAndTheRestRead) {
  ChangelogOptions options;
  options.max_line_bytes = 100;
  std::string text = "a (1) unstable; urgency=low\n\n  * " + std::string(100000, 'x') +
                     " CVE-2020-4444\n  * CVE-2020-5555\n\n"
                     " -- A <a@b>  Mon, 01 Jan 2024 00:00:00 +0000\n";
  Changelog changelog = parse(text, options);
  ASSERT_EQ(changelog.entries.size(), 1u);
  EXPECT_EQ(changelog.entries[0].cves, std::vector<std::string>{"CVE-2020-5555"});
  EXPECT_TRUE(has_warning(changelog, "changelog:3: line longer than 100 bytes skipped"));
}

TEST_F(ChangelogParserTest, BinaryGarbageGivesWarningsNotEntries) {
  std::string garbage;
  for (int i = 0; i < 20000; ++i) garbage.push_back(static_cast<char>((i * 7919) % 256));
  Changelog changelog = parse(garbage);
  EXPECT_TRUE(changelog.entries.empty());
  EXPECT_LE(changelog.warnings.size(), 51u);
}

TEST_F(ChangelogParserTest, WarningsAreCappedPerFile) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += " x\n";
  ChangelogOptions options;
  options.max_warnings = 5;
  Changelog changelog = parse(text, options);
  ASSERT_EQ(changelog.warnings.size(), 6u);
  EXPECT_NE(changelog.warnings.back().find("more warnings not shown"), std::string::npos);
}

TEST_F(ChangelogParserTest, TooLargeFileIsAnErrorNamingIt) {
  dir_.write("big", std::string(5000, '\n'));
  auto root = RootFs::open(dir_.path().string());
  ChangelogOptions options;
  options.max_bytes = 1000;
  auto changelog = read_changelog(*root, "big", options);
  ASSERT_FALSE(changelog.has_value());
  EXPECT_NE(changelog.error().message.find("big' is larger than 1000 bytes"), std::string::npos);
}

TEST_F(ChangelogParserTest, TruncatedGzipIsAnErrorNamingTheFile) {
  // gzip of "a (1) unstable; urgency=low\n" cut after its first ten bytes.
  const unsigned char head[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b};
  dir_.write("cut.gz", std::string(reinterpret_cast<const char*>(head), sizeof head));
  auto root = RootFs::open(dir_.path().string());
  auto changelog = read_changelog(*root, "cut.gz");
  ASSERT_FALSE(changelog.has_value());
  EXPECT_NE(changelog.error().message.find("cut.gz"), std::string::npos)
      << changelog.error().message;
}

TEST_F(ChangelogParserTest, CollectsCveIdsOnceInOrder) {
  std::vector<std::string> cves{"CVE-2019-0001"};
  collect_cve_ids("xCVE-2021-44228, CVE-2019-0001 CVE-2021-442 CVE-20211-1234 CVE-2014-12345678",
                  cves);
  EXPECT_EQ(cves,
            (std::vector<std::string>{"CVE-2019-0001", "CVE-2021-44228", "CVE-2014-12345678"}));
}

}  // namespace
}  // namespace patchplan::feeds
