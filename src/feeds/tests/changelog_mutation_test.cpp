// Seeded mutations of real changelogs (bytes flipped, lines cut, doubled or swapped, the
// file truncated, read in odd chunks): the parser never fails on them, and what it keeps
// still holds its invariants.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "common/byte_source.hpp"
#include "feeds/changelog_parser.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::feeds {
namespace {

const std::filesystem::path kChangelogs =
    std::filesystem::path(PATCHPLAN_SHARED_DIR) / "data/debian/changelogs/bookworm-security";

std::string real_changelog(const std::string& name) {
  auto root = RootFs::open(kChangelogs.string());
  EXPECT_TRUE(root.has_value());
  auto source = open_byte_source(*root, name);
  EXPECT_TRUE(source.has_value());
  auto text = read_all(**source, 64u << 20);
  EXPECT_TRUE(text.has_value());
  return text ? *text : std::string();
}

std::string mutate(std::string text, std::mt19937_64& random) {
  std::uniform_int_distribution<int> kind(0, 4);
  for (int round = 0; round < 20 && !text.empty(); ++round) {
    std::uniform_int_distribution<std::size_t> at(0, text.size() - 1);
    std::size_t i = at(random);
    switch (kind(random)) {
      case 0:
        text[i] = static_cast<char>(random() & 0xff);
        break;
      case 1:
        text.erase(i, std::min<std::size_t>(random() % 200, text.size() - i));
        break;
      case 2: {
        std::size_t end = text.find('\n', i);
        text.insert(i, text.substr(i, (end == std::string::npos ? text.size() : end) - i + 1));
        break;
      }
      case 3:
        text.insert(i, "\n -- x <y>  Mon, 31 Feb 2026 25:61:61 +9999\n");
        break;
      default:
        text.resize(i);
        break;
    }
  }
  return text;
}

TEST(ChangelogMutationTest, MutatedChangelogsParseWithTheirInvariants) {
  std::mt19937_64 random(20261204);
  auto root = RootFs::open(kChangelogs.string());
  ASSERT_TRUE(root.has_value());
  auto names = root->list_dir(".");
  ASSERT_TRUE(names.has_value());
  for (const char* prefix : {"openssl_", "curl_", "sudo_"}) {
    auto found = std::find_if(names->begin(), names->end(),
                              [&](const std::string& n) { return n.starts_with(prefix); });
    ASSERT_NE(found, names->end()) << prefix;
    const std::string& name = *found;
    const std::string original = real_changelog(name);
    ASSERT_GT(original.size(), 1000u);
    for (int round = 0; round < 60; ++round) {
      MemorySource source(mutate(original, random), name, 1 + random() % 5000);
      auto changelog = parse_changelog(source);
      ASSERT_TRUE(changelog.has_value()) << changelog.error().message;
      for (const ChangelogEntry& entry : changelog->entries) {
        EXPECT_TRUE(versions::parse_deb_version(entry.version).has_value()) << entry.version;
        for (const std::string& cve : entry.cves) EXPECT_TRUE(cve.starts_with("CVE-")) << cve;
      }
      EXPECT_LE(changelog->warnings.size(), 51u);
      for (const std::string& warning : changelog->warnings) {
        EXPECT_TRUE(warning.starts_with(name)) << warning;
        EXPECT_EQ(warning.find('\n'), std::string::npos) << warning;
      }
    }
  }
}

}  // namespace
}  // namespace patchplan::feeds
