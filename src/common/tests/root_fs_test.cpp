#include "common/root_fs.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "common/tests/test_files.hpp"

namespace patchplan {
namespace {

TEST(RootFsTest, ReadsFileInsideRoot) {
  testing::TempDir dir;
  dir.write("etc/hostname", "web1\n");
  auto root = RootFs::open(dir.path().string());
  ASSERT_TRUE(root.has_value());
  auto content = root->read_file("/etc/hostname");
  ASSERT_TRUE(content.has_value()) << content.error().message;
  EXPECT_EQ(*content, "web1\n");
}

TEST(RootFsTest, AbsoluteSymlinkResolvesInsideRoot) {
  testing::TempDir outside;
  outside.write("secret", "outside\n");
  testing::TempDir dir;
  dir.write("real/os-release", "ID=debian\n");
  std::filesystem::create_directories(dir.path() / "etc");
  std::filesystem::create_symlink("/real/os-release", dir.path() / "etc/os-release");
  std::filesystem::create_symlink((outside.path() / "secret").string(), dir.path() / "etc/escape");
  std::filesystem::create_symlink("../../../../../../../../" + (outside.path() / "secret").string(),
                                  dir.path() / "etc/dotdot");
  auto root = RootFs::open(dir.path().string());
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(*root->read_file("etc/os-release"), "ID=debian\n");
  auto escaped = root->read_file("etc/escape");
  ASSERT_FALSE(escaped.has_value());
  EXPECT_EQ(escaped.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(root->read_file("etc/dotdot").has_value());
  EXPECT_FALSE(root->read_file("../../../../" + (outside.path() / "secret").string()).has_value());
}

TEST(RootFsTest, FifoOrDirectoryIsRefusedWithoutBlocking) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "var/lib/dpkg");
  ASSERT_EQ(::mkfifo((dir.path() / "var/lib/dpkg/status").c_str(), 0600), 0);
  auto root = RootFs::open(dir.path().string());
  auto fifo = root->read_file("var/lib/dpkg/status");
  ASSERT_FALSE(fifo.has_value());
  EXPECT_NE(fifo.error().message.find("is not a regular file"), std::string::npos);
  EXPECT_FALSE(root->open_read("var/lib").has_value());
}

TEST(RootFsTest, MissingFileIsNotFoundAndNamesPath) {
  testing::TempDir dir;
  auto root = RootFs::open(dir.path().string());
  auto content = root->read_file("var/lib/dpkg/status");
  ASSERT_FALSE(content.has_value());
  EXPECT_EQ(content.error().code, ErrorCode::kNotFound);
  EXPECT_NE(content.error().message.find(dir.path().string() + "/var/lib/dpkg/status"),
            std::string::npos);
}

TEST(RootFsTest, RefusesFileOverLimit) {
  testing::TempDir dir;
  dir.write("big", std::string(2000, 'a'));
  auto root = RootFs::open(dir.path().string());
  auto content = root->read_file("big", 1000);
  ASSERT_FALSE(content.has_value());
  EXPECT_NE(content.error().message.find("too large"), std::string::npos);
}

TEST(RootFsTest, ListsDirectorySorted) {
  testing::TempDir dir;
  dir.write("d/b", "");
  dir.write("d/a", "");
  auto root = RootFs::open(dir.path().string());
  auto names = root->list_dir("d");
  ASSERT_TRUE(names.has_value());
  EXPECT_EQ(*names, (std::vector<std::string>{"a", "b"}));
}

TEST(RootFsTest, OpeningMissingRootFails) {
  auto root = RootFs::open("/nonexistent/patchplan-root");
  ASSERT_FALSE(root.has_value());
  EXPECT_NE(root.error().message.find("/nonexistent/patchplan-root"), std::string::npos);
}

}  // namespace
}  // namespace patchplan
