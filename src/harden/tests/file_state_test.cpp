// FileState capture, JSON form and restore inside a root: every kind, metadata kept exactly,
// paths confined to the root, malformed journal values refused.
#include "harden/file_state.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "common/tests/test_files.hpp"

namespace patchplan::harden {
namespace {

TEST(FileStateTest, CapturesEachKindAndRestoresItExactly) {
  patchplan::testing::TempDir dir;
  dir.write("etc/conf", std::string("a\0b\xff", 4));
  ::chmod((dir.path() / "etc/conf").c_str(), 04750);
  std::filesystem::create_symlink("conf", dir.path() / "etc/link");
  auto root = FileRoot::open(dir.path().string());
  ASSERT_TRUE(root) << root.error().message;
  auto file = root->capture("/etc/conf", 1024);
  auto link = root->capture("/etc/link", 1024);
  auto directory = root->capture("/etc", 1024);
  auto absent = root->capture("/etc/none/deeper", 1024);
  ASSERT_TRUE(file && link && directory && absent);
  EXPECT_EQ(file->kind, FileKind::kRegular);
  EXPECT_EQ(file->mode, 04750u);
  EXPECT_EQ(file->content, std::string("a\0b\xff", 4));
  EXPECT_EQ(link->kind, FileKind::kSymlink);
  EXPECT_EQ(link->target, "conf");
  EXPECT_EQ(directory->kind, FileKind::kDirectory);
  EXPECT_EQ(absent->kind, FileKind::kAbsent);

  std::filesystem::remove_all(dir.path() / "etc");
  std::vector<std::string> done;
  ASSERT_TRUE(apply_states(
      *root, {{"/etc/link", *link}, {"/etc/conf", *file}, {"/etc", *directory}}, &done));
  EXPECT_EQ(done, (std::vector<std::string>{"/etc", "/etc/conf", "/etc/link"}));
  EXPECT_EQ(root->capture("/etc/conf", 1024).value(), *file);
  EXPECT_EQ(root->capture("/etc/conf", 1024)->content, file->content);
  EXPECT_EQ(root->capture("/etc/link", 1024).value(), *link);
  EXPECT_EQ(root->capture("/etc", 1024).value(), *directory);

  ASSERT_TRUE(apply_states(
      *root, {{"/etc", FileState{}}, {"/etc/conf", FileState{}}, {"/etc/link", FileState{}}},
      &done));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "etc"));
}

TEST(FileStateTest, OwnerIsRestoredBeforeTheSetuidMode) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to change owners";
  patchplan::testing::TempDir dir;
  dir.write("bin/tool", "x");
  auto root = FileRoot::open(dir.path().string());
  ASSERT_TRUE(root);
  FileState state = root->capture("/bin/tool", 16).value();
  state.uid = 1000;
  state.gid = 42;
  state.mode = 06755;
  ASSERT_TRUE(root->restore("/bin/tool", state));
  struct stat info {};
  ASSERT_EQ(::stat((dir.path() / "bin/tool").c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, 1000u);
  EXPECT_EQ(info.st_gid, 42u);
  EXPECT_EQ(info.st_mode & 07777, 06755u);
}

TEST(FileStateTest, PathsStayInsideTheRootAndLargeFilesAreRefused) {
  patchplan::testing::TempDir outside;
  patchplan::testing::TempDir dir;
  outside.write("secret", "s");
  std::filesystem::create_symlink(outside.path(), dir.path() / "escape");
  dir.write("big", std::string(100, 'x'));
  auto root = FileRoot::open(dir.path().string());
  ASSERT_TRUE(root);
  auto escaped = root->capture("/escape/secret", 1024);
  ASSERT_TRUE(escaped);
  EXPECT_EQ(escaped->kind, FileKind::kAbsent) << "an absolute symlink resolves inside the root";
  auto big = root->capture("/big", 10);
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().message.find("/big"), std::string::npos) << big.error().message;
  EXPECT_FALSE(root->restore("/", FileState{}));
}

TEST(FileStateTest, JsonFormRoundTripsAndMalformedValuesAreRefused) {
  FileState state;
  state.kind = FileKind::kRegular;
  state.mode = 0640;
  state.uid = 0;
  state.gid = 42;
  state.mtime_sec = 1700000000;
  state.mtime_nsec = 5;
  state.size = 3;
  state.sha256 = std::string(64, 'a');
  const nlohmann::json json = file_state_json(state);
  EXPECT_EQ(json.at("mode"), "0640");
  EXPECT_EQ(json.at("mtime"), "1700000000.000000005");
  EXPECT_EQ(file_state_from_json(json).value(), state);
  EXPECT_EQ(file_state_from_json({{"kind", "absent"}})->kind, FileKind::kAbsent);
  for (const nlohmann::json& bad :
       {nlohmann::json{{"kind", "fifo"}}, nlohmann::json{{"kind", "file"}},
        nlohmann::json{{"kind", "file"}, {"mode", "x"}, {"uid", 0}, {"gid", 0}, {"mtime", "1.0"}},
        nlohmann::json::array()}) {
    auto parsed = file_state_from_json(bad);
    EXPECT_FALSE(parsed) << bad.dump();
  }
}

}  // namespace
}  // namespace patchplan::harden
