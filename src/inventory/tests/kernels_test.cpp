#include "inventory/kernels.hpp"

#include <gtest/gtest.h>
#include <sys/utsname.h>

#include "common/tests/test_files.hpp"

namespace patchplan::inventory {
namespace {

using patchplan::testing::TempDir;

InstalledPackage package(std::string name, PackageState state = PackageState::kInstalled) {
  InstalledPackage result;
  result.name = std::move(name);
  result.state = state;
  result.selection = Selection::kInstall;
  return result;
}

TEST(KernelsTest, ReleaseFromPackageName) {
  EXPECT_EQ(kernel_release_of_package("linux-image-6.1.0-18-amd64"), "6.1.0-18-amd64");
  EXPECT_EQ(kernel_release_of_package("linux-image-6.1.0-18-cloud-amd64"), "6.1.0-18-cloud-amd64");
  EXPECT_EQ(kernel_release_of_package("linux-image-6.1.0-18-amd64-unsigned"), "6.1.0-18-amd64");
  EXPECT_EQ(kernel_release_of_package("linux-image-unsigned-5.15.0-91-generic"),
            "5.15.0-91-generic");
  EXPECT_EQ(kernel_release_of_package("linux-image-amd64"), std::nullopt);
  EXPECT_EQ(kernel_release_of_package("linux-image-cloud-amd64"), std::nullopt);
  EXPECT_EQ(kernel_release_of_package("linux-image-generic-hwe-22.04"), std::nullopt);
  EXPECT_EQ(kernel_release_of_package("linux-image-6.1.0-18-amd64-dbg"), std::nullopt);
  EXPECT_EQ(kernel_release_of_package("linux-image-5.15.0-91-generic-dbgsym"), std::nullopt);
  EXPECT_EQ(kernel_release_of_package("linux-headers-6.1.0-18-amd64"), std::nullopt);
  EXPECT_EQ(kernel_release_of_package("linux-image-"), std::nullopt);
}

TEST(KernelsTest, InstalledFromPackagesAndBootSortedByVersion) {
  TempDir dir;
  dir.write("boot/vmlinuz-6.1.0-9-amd64", "");
  dir.write("boot/vmlinuz-6.1.0-18-amd64", "");  // also installed as a package
  dir.write("boot/vmlinuz-5.10.0-28-amd64.old", "");
  dir.write("boot/config-6.1.0-9-amd64", "");
  dir.write("boot/System.map-6.1.0-9-amd64", "");
  dir.write("boot/vmlinuz-custom", "");
  dir.write("boot/vmlinux-6.1.0-10-powerpc64le", "");
  auto root = RootFs::open(dir.path().string());
  std::vector<InstalledPackage> packages{
      package("linux-image-6.1.0-18-amd64"),
      package("linux-image-6.1.0-17-amd64", PackageState::kConfigFiles),  // removed
      package("linux-image-amd64"),
      package("linux-image-6.1.0-21-amd64", PackageState::kHalfConfigured),
      package("linux-image-6.1.0-21-amd64-dbg"),
      package("bash"),
  };
  std::vector<std::string> warnings;
  auto kernels = installed_kernels(*root, packages, warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(kernels, (std::vector<std::string>{"6.1.0-9-amd64", "6.1.0-10-powerpc64le",
                                               "6.1.0-18-amd64", "6.1.0-21-amd64"}));
}

TEST(KernelsTest, NoBootAndNoKernelPackagesIsEmpty) {
  TempDir dir;
  auto root = RootFs::open(dir.path().string());
  std::vector<std::string> warnings;
  EXPECT_TRUE(installed_kernels(*root, {package("bash")}, warnings).empty());
  EXPECT_TRUE(warnings.empty());
}

TEST(KernelsTest, BootThatIsNotAFolderCountsAsAbsent) {
  TempDir dir;
  dir.write("boot", "a file where a folder belongs");
  auto root = RootFs::open(dir.path().string());
  std::vector<std::string> warnings;
  EXPECT_EQ(installed_kernels(*root, {package("linux-image-6.1.0-18-amd64")}, warnings),
            std::vector<std::string>{"6.1.0-18-amd64"});
  EXPECT_TRUE(warnings.empty());
}

TEST(KernelsTest, RunningKernelOnlyForLocalRoot) {
  utsname names{};
  ASSERT_EQ(::uname(&names), 0);
  auto local = RootFs::open("/");
  EXPECT_EQ(running_kernel(*local, std::nullopt), std::string(names.release));
  TempDir dir;
  auto offline = RootFs::open(dir.path().string());
  EXPECT_EQ(running_kernel(*offline, std::nullopt), std::nullopt);
  EXPECT_EQ(running_kernel(*offline, std::string("6.1.0-18-amd64")), "6.1.0-18-amd64");
  EXPECT_EQ(running_kernel(*local, std::string("given")), "given");
}

}  // namespace
}  // namespace patchplan::inventory
