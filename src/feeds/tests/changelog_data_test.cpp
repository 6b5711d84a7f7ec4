// The changelog parser on the real changelogs of every bookworm-security source package,
// held against the table of the same entries made from them (shared data README).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "feeds/changelog_parser.hpp"

namespace patchplan::feeds {
namespace {

const std::filesystem::path kData = std::filesystem::path(PATCHPLAN_SHARED_DIR) / "data/debian";

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

// One TSV row: source, version, distribution, urgency, date, cves, entry_package.
std::multiset<std::string> table_rows(const std::string& name) {
  std::ifstream in(kData / name);
  std::multiset<std::string> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) rows.insert(line);
  return rows;
}

// The source of a changelog file: its name up to the first '_'.
std::string file_source(const std::filesystem::path& file) {
  std::string name = file.filename().string();
  return name.substr(0, name.find('_'));
}

std::multiset<std::string> parsed_rows(const std::string& folder, std::size_t& files,
                                       std::vector<std::string>& warnings) {
  auto root = RootFs::open((kData / "changelogs" / folder).string());
  EXPECT_TRUE(root.has_value());
  std::multiset<std::string> rows;
  auto names = root->list_dir(".");
  EXPECT_TRUE(names.has_value());
  for (const std::string& name : *names) {
    auto changelog = read_changelog(*root, name);
    EXPECT_TRUE(changelog.has_value()) << (changelog ? "" : changelog.error().message);
    if (!changelog) continue;
    ++files;
    warnings.insert(warnings.end(), changelog->warnings.begin(), changelog->warnings.end());
    for (const ChangelogEntry& entry : changelog->entries) {
      rows.insert(fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}", file_source(name), entry.version,
                              join(entry.distributions), entry.urgency, entry.date,
                              join(entry.cves), entry.package));
    }
  }
  return rows;
}

void expect_same_rows(const std::string& folder, const std::string& table,
                      std::size_t expected_files) {
  std::size_t files = 0;
  std::vector<std::string> warnings;
  std::multiset<std::string> mine = parsed_rows(folder, files, warnings);
  std::multiset<std::string> theirs = table_rows(table);
  EXPECT_EQ(files, expected_files);
  std::vector<std::string> only_mine;
  std::vector<std::string> only_table;
  std::set_difference(mine.begin(), mine.end(), theirs.begin(), theirs.end(),
                      std::back_inserter(only_mine));
  std::set_difference(theirs.begin(), theirs.end(), mine.begin(), mine.end(),
                      std::back_inserter(only_table));
  EXPECT_EQ(mine.size(), theirs.size());
  for (std::size_t i = 0; i < only_mine.size() && i < 10; ++i)
    ADD_FAILURE() << "parsed only: " << only_mine[i];
  for (std::size_t i = 0; i < only_table.size() && i < 10; ++i)
    ADD_FAILURE() << "table only: " << only_table[i];
  EXPECT_TRUE(only_mine.empty());
  EXPECT_TRUE(only_table.empty());
}

TEST(ChangelogDataTest, SecurityChangelogsGiveExactlyTheTableEntries) {
  expect_same_rows("bookworm-security", "bookworm-security-changelogs.tsv", 640);
}

TEST(ChangelogDataTest, ExtraChangelogsGiveExactlyTheTableEntries) {
  expect_same_rows("bookworm-extra", "bookworm-extra-changelogs.tsv", 15);
}

}  // namespace
}  // namespace patchplan::feeds
