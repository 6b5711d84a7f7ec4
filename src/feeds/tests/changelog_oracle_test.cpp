// The changelog parser against dpkg-parsechangelog itself on broken changelogs: the same
// entries (source, version, distribution, urgency) come out.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "common/tests/run_process.hpp"
#include "common/tests/test_files.hpp"
#include "feeds/changelog_parser.hpp"

namespace patchplan::feeds {
namespace {

// "source version distributions urgency" per entry of `dpkg-parsechangelog --all`.
std::vector<std::string> dpkg_entries(const std::string& file) {
  auto result = patchplan::testing::run_process(
      {"dpkg-parsechangelog", "-l", file, "--all", "--format", "rfc822"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> entries;
  std::istringstream in(result.out);
  std::string line, source, version, distribution;
  while (std::getline(in, line)) {
    if (line.starts_with("Source: ")) source = line.substr(8);
    if (line.starts_with("Version: ")) version = line.substr(9);
    if (line.starts_with("Distribution: ")) distribution = line.substr(14);
    if (line.starts_with("Urgency: ")) {
      entries.push_back(fmt::format("{} {} {} {}", source, version, distribution, line.substr(9)));
    }
  }
  return entries;
}

std::vector<std::string> our_entries(const Changelog& changelog) {
  std::vector<std::string> entries;
  for (const ChangelogEntry& entry : changelog.entries) {
    std::string distributions;
    for (const auto& d : entry.distributions)
      distributions += (distributions.empty() ? "" : " ") + d;
    entries.push_back(
        fmt::format("{} {} {} {}", entry.package, entry.version, distributions, entry.urgency));
  }
  return entries;
}

TEST(ChangelogOracleTest, BrokenChangelogGivesDpkgsEntries) {
  const std::string text =
      "foo (2.0-1) unstable experimental; urgency=HIGH (security)\n"
      "\n"
      "  * CVE-2024-0001\n"
      "\n"
      " -- A <a@example.org> Mon, 01 Jan 2024 00:00:00 +0000\n"
      "\n"
      "foo (1.9-1) unstable; urgency=medium, binary-only=yes\n"
      "  * no blank line after the header\n"
      " -- A <a@example.org>  Sun, 31 Dec 2023 23:59:59 +0100\n"
      "foo (1.8-1) unstable; urgency=low\n"
      "\n"
      " * one space only: unrecognized\n"
      "\tone tab: unrecognized\n"
      "  * two spaces\n"
      "bad heading line\n"
      "\n"
      " -- A <a@example.org>  Sat, 30 Dec 2023 10:00:00 +0000\n"
      "\n"
      "foo (1.7-1) unstable; urgency=low\n"
      "\n"
      "  * no trailer\n"
      "\n"
      "foo (1.6-1) unstable; urgency=low\n"
      "\n"
      "  * last\n"
      "\n"
      " -- A <a@example.org>  Fri, 29 Dec 2023 10:00:00 +0000\n"
      "\n"
      "# a comment\n"
      "$Id: foo $\n"
      "vim: set ft=debchangelog:\n"
      "foo (1.0-1) unstable; urgency=low\n";
  testing::TempDir dir;
  dir.write("changelog", text);
  auto root = RootFs::open(dir.path().string());
  auto ours = read_changelog(*root, "changelog");
  ASSERT_TRUE(ours.has_value());
  EXPECT_EQ(our_entries(*ours), dpkg_entries((dir.path() / "changelog").string()));
  EXPECT_EQ(ours->entries.size(), 5u);
}

}  // namespace
}  // namespace patchplan::feeds
