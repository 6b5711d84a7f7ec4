#include "inventory/host_name.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <climits>
#include <filesystem>

#include "common/tests/test_files.hpp"

namespace patchplan::inventory {
namespace {

using patchplan::testing::TempDir;

TEST(HostNameTest, OverrideWins) {
  TempDir dir;
  dir.write("etc/hostname", "web1\n");
  auto root = RootFs::open(dir.path().string());
  EXPECT_EQ(host_name(*root, std::string("given")), "given");
  auto local = RootFs::open("/");
  EXPECT_EQ(host_name(*local, std::string("given")), "given");
}

TEST(HostNameTest, LocalRootUsesKernelHostName) {
  char expected[HOST_NAME_MAX + 1] = {};
  ASSERT_EQ(::gethostname(expected, sizeof expected - 1), 0);
  auto local = RootFs::open("/");
  EXPECT_EQ(host_name(*local, std::nullopt), expected);
}

TEST(HostNameTest, OfflineRootUsesEtcHostnameFirstNameLine) {
  TempDir dir;
  dir.write("etc/hostname", "# set by the installer\n\n  db-2.example.org  \nother\n");
  auto root = RootFs::open(dir.path().string());
  EXPECT_EQ(host_name(*root, std::nullopt), "db-2.example.org");
}

TEST(HostNameTest, OfflineRootWithoutHostnameUsesFolderName) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "web7");
  auto root = RootFs::open((dir.path() / "web7").string() + "/");
  std::vector<std::string> warnings;
  EXPECT_EQ(host_name(*root, std::nullopt, warnings), "web7");
  EXPECT_TRUE(warnings.empty());
}

TEST(HostNameTest, InvalidHostnameFileFallsBackWithWarning) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "box");
  dir.write("box/etc/hostname", "evil;reboot\n");
  auto root = RootFs::open((dir.path() / "box").string());
  std::vector<std::string> warnings;
  EXPECT_EQ(host_name(*root, std::nullopt, warnings), "box");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], (dir.path() / "box/etc/hostname").string() +
                             ": no valid host name in the file ('evil;reboot'); using the folder "
                             "name");
  dir.write("box/etc/hostname", "# only a comment\n");
  EXPECT_EQ(host_name(*root, std::nullopt), "box");
}

TEST(HostNameTest, RealHostRootsAreNamedByFolder) {
  std::filesystem::path hosts = std::filesystem::path(PATCHPLAN_SHARED_DIR) / "data/hosts";
  auto root = RootFs::open((hosts / "builder-cpp").string());
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(host_name(*root, std::nullopt), "builder-cpp");
}

}  // namespace
}  // namespace patchplan::inventory
