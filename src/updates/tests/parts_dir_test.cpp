// The files apt reads from a ".d" directory, checked against apt-config reading a parts
// directory of hostile and ordinary names.
#include "updates/parts_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/tests/test_files.hpp"
#include "updates/tests/apt_oracle.hpp"

namespace patchplan::updates {
namespace {

namespace fs = std::filesystem;
using patchplan::testing::TempDir;

const std::vector<std::string> kNames = {"10plain",
                                         "20dotted.conf",
                                         "a:b.conf",
                                         "a b.conf",
                                         "c.d.conf",
                                         "e.conf~",
                                         "f.conf.disabled",
                                         "g.bak",
                                         ".hidden.conf",
                                         "i_j-k",
                                         "l.conf.",
                                         "m@n.conf",
                                         "UPPER.conf",
                                         "x.list",
                                         "z99",
                                         "\xc3\xa9t\xc3\xa9.conf",
                                         "dash-",
                                         "ucf.conf.ucf-dist"};

TEST(PartsDirTest, ClassifiesNamesAsAptDoes) {
  std::vector<std::string> conf = {"conf"};
  EXPECT_EQ(classify_part_name("10plain", conf, true), PartName::kAccepted);
  EXPECT_EQ(classify_part_name("10plain", conf, false), PartName::kNoExtension);
  EXPECT_EQ(classify_part_name("x.list", conf, true), PartName::kBadExtension);
  EXPECT_EQ(classify_part_name("a b.conf", conf, true), PartName::kBadCharacter);
  EXPECT_EQ(classify_part_name(".hidden.conf", conf, true), PartName::kHidden);
  EXPECT_EQ(classify_part_name("l.conf.", conf, true), PartName::kBadCharacter);
}

// Each file sets Test::Seen::NAME; apt-config dump shows which ones apt read.
TEST(PartsDirTest, AcceptsTheSameFilesAsAptConfig) {
  TempDir dir;
  for (const std::string& name : kNames) {
    std::string tag;
    for (char c : name) tag += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    dir.write("parts/" + name, "Test::Seen::" + tag + " \"" + tag + "\";\n");
  }
  fs::create_directories(dir.path() / "parts/subdir.conf");
  fs::create_symlink("/nonexistent/target", dir.path() / "parts/dangling.conf");
  auto config = dir.write("apt.conf", "Dir::Etc::parts \"" + (dir.path() / "parts").string() +
                                          "/\";\nDir::Etc::main \"/dev/null\";\n");
  auto apt = patchplan::testing::run_process(
      {"apt-config", "dump", "--format", "%v%n", "Test::Seen"},
      updates::testing::with_environment({{"APT_CONFIG", config.string()}}));
  ASSERT_EQ(apt.exit_code, 0) << apt.err;
  std::vector<std::string> apt_read;
  std::istringstream lines(apt.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) apt_read.push_back(line);
  }

  auto root = RootFs::open(dir.path().string());
  ASSERT_TRUE(root);
  auto files = list_part_files(*root, "/parts", {"conf"}, true);
  ASSERT_TRUE(files) << files.error().message;
  std::vector<std::string> ours;
  for (const std::string& path : files->paths) {
    std::string name = path.substr(path.rfind('/') + 1), tag;
    for (char c : name) tag += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    ours.push_back(tag);
  }
  EXPECT_EQ(ours, apt_read);
  // The dangling link and the bad extensions are noted, the silently ignored ones are not.
  std::string notes;
  for (const std::string& notice : files->notices) notes += notice + "\n";
  EXPECT_NE(notes.find("'dangling.conf'"), std::string::npos) << notes;
  EXPECT_NE(notes.find("'x.list'"), std::string::npos) << notes;
  EXPECT_EQ(notes.find("e.conf~"), std::string::npos) << notes;
  EXPECT_EQ(notes.find("ucf-dist"), std::string::npos) << notes;
  EXPECT_EQ(notes.find("subdir"), std::string::npos) << notes;
}

TEST(PartsDirTest, MissingDirectoryIsNotFound) {
  TempDir dir;
  auto root = RootFs::open(dir.path().string());
  ASSERT_TRUE(root);
  auto files = list_part_files(*root, "/etc/apt/apt.conf.d", {"conf"}, true);
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace patchplan::updates
