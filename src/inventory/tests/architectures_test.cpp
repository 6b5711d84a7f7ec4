#include "inventory/architectures.hpp"

#include <gtest/gtest.h>
#include <sys/utsname.h>

#include "common/tests/test_files.hpp"

namespace patchplan::inventory {
namespace {

using patchplan::testing::TempDir;

InstalledPackage dpkg_package(std::string architecture, PackageState state) {
  InstalledPackage result;
  result.name = "dpkg";
  result.architecture = std::move(architecture);
  result.state = state;
  return result;
}

TEST(ArchitecturesTest, MachineNamesMapToDebianNames) {
  EXPECT_EQ(debian_architecture_of_machine("x86_64"), "amd64");
  EXPECT_EQ(debian_architecture_of_machine("i686"), "i386");
  EXPECT_EQ(debian_architecture_of_machine("aarch64"), "arm64");
  EXPECT_EQ(debian_architecture_of_machine("armv7l"), "armhf");
  EXPECT_EQ(debian_architecture_of_machine("ppc64le"), "ppc64el");
  EXPECT_EQ(debian_architecture_of_machine("s390x"), "s390x");
  EXPECT_EQ(debian_architecture_of_machine("riscv64"), "riscv64");
  EXPECT_EQ(debian_architecture_of_machine("loongarch64"), "loong64");
  EXPECT_EQ(debian_architecture_of_machine("vax"), std::nullopt);
}

TEST(ArchitecturesTest, NativeIsTheInstalledDpkgArchitecture) {
  TempDir dir;
  auto root = RootFs::open(dir.path().string());
  std::vector<std::string> warnings;
  std::vector<InstalledPackage> packages{dpkg_package("i386", PackageState::kConfigFiles),
                                         dpkg_package("arm64", PackageState::kInstalled)};
  EXPECT_EQ(native_architecture(*root, packages, warnings), "arm64");
  EXPECT_TRUE(warnings.empty());
}

TEST(ArchitecturesTest, OfflineRootWithoutDpkgHasUnknownNative) {
  TempDir dir;
  auto root = RootFs::open(dir.path().string());
  std::vector<std::string> warnings;
  EXPECT_EQ(
      native_architecture(*root, {dpkg_package("amd64", PackageState::kConfigFiles)}, warnings),
      "");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "no installed 'dpkg' package in '" + dir.path().string() +
                             "'; native architecture unknown");
}

TEST(ArchitecturesTest, LocalRootWithoutDpkgFallsBackToUname) {
  utsname names{};
  ASSERT_EQ(::uname(&names), 0);
  auto expected = debian_architecture_of_machine(names.machine);
  ASSERT_TRUE(expected.has_value()) << names.machine;
  auto local = RootFs::open("/");
  std::vector<std::string> warnings;
  EXPECT_EQ(native_architecture(*local, {}, warnings), *expected);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find(names.machine), std::string::npos);
}

TEST(ArchitecturesTest, ForeignFromDpkgArchFileWithoutNative) {
  TempDir dir;
  dir.write("var/lib/dpkg/arch", "amd64\ni386\n\narmhf\ni386\nbad;arch\nall\n  arm64  ");
  auto root = RootFs::open(dir.path().string());
  std::vector<std::string> warnings;
  EXPECT_EQ(foreign_architectures(*root, "amd64", warnings),
            (std::vector<std::string>{"i386", "armhf", "arm64"}));
  std::string file = (dir.path() / "var/lib/dpkg/arch").string();
  EXPECT_EQ(warnings, (std::vector<std::string>{file + ":6: invalid architecture 'bad;arch'",
                                                file + ":7: invalid architecture 'all'"}));
}

TEST(ArchitecturesTest, MissingArchFileMeansNoForeign) {
  TempDir dir;
  auto root = RootFs::open(dir.path().string());
  std::vector<std::string> warnings;
  EXPECT_TRUE(foreign_architectures(*root, "amd64", warnings).empty());
  EXPECT_TRUE(warnings.empty());
}

}  // namespace
}  // namespace patchplan::inventory
