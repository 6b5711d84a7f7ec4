#include "inventory/host_inventory.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "inventory/tests/status_fixtures.hpp"

namespace patchplan::inventory {
namespace {

using testing::stanza;
using testing::TempDir;

const std::filesystem::path kHosts = std::filesystem::path(PATCHPLAN_SHARED_DIR) / "data/hosts";

TEST(HostInventoryTest, RealBuilderHost) {
  auto root = RootFs::open((kHosts / "builder-cpp").string());
  ASSERT_TRUE(root.has_value());
  auto inventory = read_host_inventory(*root, {});
  ASSERT_TRUE(inventory.has_value()) << inventory.error().message;
  EXPECT_EQ(inventory->hostname, "builder-cpp");
  EXPECT_EQ(inventory->os.id, "debian");
  EXPECT_EQ(inventory->os.version_id, "12");
  EXPECT_EQ(inventory->os.version_codename, "bookworm");
  EXPECT_EQ(inventory->debian_version, "12.11");
  EXPECT_EQ(inventory->running_kernel, std::nullopt);
  EXPECT_TRUE(inventory->installed_kernels.empty());
  EXPECT_EQ(inventory->native_architecture, "amd64");
  EXPECT_TRUE(inventory->foreign_architectures.empty());
  EXPECT_EQ(inventory->packages.size(), 845u);  // data/README.md
  EXPECT_TRUE(inventory->warnings.empty()) << inventory->warnings.front();
}

TEST(HostInventoryTest, EveryRealHostReadsCleanly) {
  for (const auto& entry : std::filesystem::directory_iterator(kHosts)) {
    SCOPED_TRACE(entry.path().string());
    auto root = RootFs::open(entry.path().string());
    auto inventory = read_host_inventory(*root, {});
    ASSERT_TRUE(inventory.has_value()) << inventory.error().message;
    EXPECT_TRUE(inventory->warnings.empty()) << inventory->warnings.front();
    EXPECT_EQ(inventory->os.id, "debian");
    EXPECT_EQ(inventory->native_architecture, "amd64");
    EXPECT_GE(inventory->packages.size(), 703u);
    EXPECT_LE(inventory->packages.size(), 1001u);
  }
}

TEST(HostInventoryTest, OptionsOverrideNameAndKernel) {
  auto root = RootFs::open((kHosts / "cpp").string());
  InventoryOptions options{.host_name = "cpp-01", .running_kernel = "6.1.0-18-amd64"};
  auto inventory = read_host_inventory(*root, options);
  ASSERT_TRUE(inventory.has_value());
  EXPECT_EQ(inventory->hostname, "cpp-01");
  EXPECT_EQ(inventory->running_kernel, "6.1.0-18-amd64");
}

TEST(HostInventoryTest, FixtureRootWithEverySource) {
  TempDir dir;
  dir.write("var/lib/dpkg/status",
            stanza("dpkg", "install ok installed", "1.21.22") +
                stanza("linux-image-6.1.0-18-amd64", "install ok installed", "6.1.76-1") +
                stanza("linux-image-amd64", "install ok installed", "6.1.76-1") +
                stanza("libc6", "install ok installed", "2.36-9", "Multi-Arch: same\n", "i386"));
  dir.write("var/lib/dpkg/arch", "amd64\ni386\n");
  dir.write("etc/hostname", "web3\n");
  dir.write("usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
  dir.write("etc/debian_version", "12.5\n");
  dir.write("boot/vmlinuz-6.1.0-17-amd64", "");
  auto root = RootFs::open(dir.path().string());
  auto inventory = read_host_inventory(*root, {});
  ASSERT_TRUE(inventory.has_value()) << inventory.error().message;
  EXPECT_TRUE(inventory->warnings.empty()) << inventory->warnings.front();
  EXPECT_EQ(inventory->hostname, "web3");
  EXPECT_EQ(inventory->os.version_id, "12");
  EXPECT_EQ(inventory->debian_version, "12.5");
  EXPECT_EQ(inventory->installed_kernels,
            (std::vector<std::string>{"6.1.0-17-amd64", "6.1.0-18-amd64"}));
  EXPECT_EQ(inventory->native_architecture, "amd64");
  EXPECT_EQ(inventory->foreign_architectures, std::vector<std::string>{"i386"});
  EXPECT_EQ(inventory->packages.size(), 4u);
}

TEST(HostInventoryTest, MissingOsReleaseIsAWarning) {
  TempDir dir;
  dir.write("var/lib/dpkg/status", stanza("dpkg", "install ok installed", "1.21.22"));
  auto root = RootFs::open(dir.path().string());
  auto inventory = read_host_inventory(*root, {});
  ASSERT_TRUE(inventory.has_value()) << inventory.error().message;
  EXPECT_EQ(inventory->os.id, "");
  EXPECT_EQ(inventory->debian_version, "");
  ASSERT_EQ(inventory->warnings.size(), 2u);
  EXPECT_NE(inventory->warnings[0].find("no os-release file"), std::string::npos);
  EXPECT_NE(inventory->warnings[1].find("debian_version"), std::string::npos);
}

TEST(HostInventoryTest, MissingStatusIsAnError) {
  TempDir dir;
  dir.write("etc/os-release", "ID=debian\n");
  auto root = RootFs::open(dir.path().string());
  auto inventory = read_host_inventory(*root, {});
  ASSERT_FALSE(inventory.has_value());
  EXPECT_EQ(inventory.error().code, ErrorCode::kNotFound);
  EXPECT_NE(inventory.error().message.find("var/lib/dpkg/status"), std::string::npos);
}

}  // namespace
}  // namespace patchplan::inventory
