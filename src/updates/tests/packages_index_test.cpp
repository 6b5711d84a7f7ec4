// Packages stanzas as apt's cache sees them, apt's version identity, version merging, and
// damaged indexes.
#include "updates/packages_index.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/byte_source.hpp"
#include "common/tests/test_files.hpp"
#include "updates/tests/apt_oracle.hpp"
#include "updates/version_table.hpp"

namespace patchplan::updates {
namespace {

using patchplan::testing::TempDir;

std::vector<PackageStanza> read_all(const std::string& text, std::vector<std::string> wanted) {
  std::vector<PackageStanza> stanzas;
  std::vector<std::string> notices;
  auto status = read_package_stanzas(
      memory_source(text, "Packages"),
      [&](std::string_view name) {
        return std::find(wanted.begin(), wanted.end(), name) != wanted.end();
      },
      [&](PackageStanza&& stanza) { stanzas.push_back(std::move(stanza)); }, notices);
  EXPECT_TRUE(status) << status.error().message;
  return stanzas;
}

TEST(PackagesIndexTest, KeepsWantedStanzasWithApptsFields) {
  auto stanzas = read_all(
      "Package: Zlib1G\nVersion: 1:1.2.13.dfsg-1\nArchitecture: amd64\nSource: zlib (1:1.2.13-1)\n"
      "Multi-Arch: same\nSize: 89000\nInstalled-Size: 164\nDepends: libc6 (>= 2.14)\n\n"
      "Package: other\nVersion: 1.0\nArchitecture: all\n\n"
      "Package: phased\nVersion: 2.0\nPhased-Update-Percentage: 30\nSource: srcname\n\n"
      "Package: noversion\nArchitecture: amd64\n\n",
      {"zlib1g", "phased", "noversion"});
  ASSERT_EQ(stanzas.size(), 2u);
  EXPECT_EQ(stanzas[0].package, "zlib1g");
  EXPECT_EQ(stanzas[0].source, "zlib");
  EXPECT_EQ(stanzas[0].source_version, "1:1.2.13-1");
  EXPECT_EQ(stanzas[0].identity.size, 89000u);
  EXPECT_EQ(stanzas[0].identity.multi_arch, kMultiArchSame);
  EXPECT_EQ(stanzas[1].architecture, "none");
  EXPECT_EQ(stanzas[1].source, "srcname");
  EXPECT_EQ(stanzas[1].source_version, "2.0");
  EXPECT_EQ(stanzas[1].phased_update_percentage, 30u);
}

TEST(PackagesIndexTest, VersionHashIgnoresBlanksEqualsCaseAndZeroEpochs) {
  VersionHashFields a{"164", "libc6 (>= 2.14), libx (>= 0:1.0)", "", "", "", ""};
  VersionHashFields b{"164", "LIBC6 (>=2.14),\n libx (> 1.0)", "", "", "", ""};
  EXPECT_EQ(apt_version_hash(a), apt_version_hash(b));
  VersionHashFields c{"165", "libc6 (>= 2.14), libx (>= 0:1.0)", "", "", "", ""};
  EXPECT_NE(apt_version_hash(a), apt_version_hash(c));
  EXPECT_EQ(apt_version_hash({}), 5381u);
}

TEST(PackagesIndexTest, MultiArchOfArchitectureAllStanzas) {
  EXPECT_EQ(apt_multi_arch("same", "all"), kMultiArchAll);
  EXPECT_EQ(apt_multi_arch("foreign", "all"), kMultiArchAll | kMultiArchForeign);
  EXPECT_EQ(apt_multi_arch("bogus", "amd64"), kMultiArchNo);
  EXPECT_EQ(apt_multi_arch("allowed", "amd64"), kMultiArchAllowed);
}

TEST(PackagesIndexTest, MergingKeepsAptsVersionOrder) {
  std::vector<PackageFile> files = {PackageFile{0, false, "main", "amd64", "a"},
                                    PackageFile{1, false, "main", "amd64", "b"},
                                    PackageFile{std::nullopt, true, "now", "", "status"}};
  auto stanza = [](std::string version, std::uint32_t hash) {
    PackageStanza s;
    s.package = "p";
    s.version = std::move(version);
    s.identity.hash = hash;
    return s;
  };
  PackageVersions p;
  merge_version(p, stanza("1.0", 1), 0, files);
  merge_version(p, stanza("2.0", 1), 0, files);
  merge_version(p, stanza("1.0", 2), 1, files);  // same string, other contents: after 1.0
  EXPECT_EQ(merge_version(p, stanza("1.0", 1), 1, files), 1u);  // merged into the first 1.0
  std::size_t installed = merge_version(p, stanza("1.0", 3), 2, files);  // status: after both
  ASSERT_EQ(p.versions.size(), 4u);
  EXPECT_EQ(p.versions[0].version, "2.0");
  EXPECT_EQ(p.versions[1].files, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(p.versions[2].identity.hash, 2u);
  EXPECT_EQ(installed, 3u);
}

TEST(PackagesIndexTest, CorruptXzIndexIsAnErrorNamingTheFile) {
  TempDir dir;
  std::string good = "Package: p\nVersion: 1.0\nArchitecture: amd64\n\n";
  for (int i = 0; i < 2000; ++i) good += "Package: q" + std::to_string(i) + "\nVersion: 1\n\n";
  auto plain = dir.write("Packages", good);
  auto xz = patchplan::testing::run_process({"xz", "-k", "-f", plain.string()});
  ASSERT_EQ(xz.exit_code, 0) << xz.err;
  std::string compressed;
  {
    std::ifstream in(plain.string() + ".xz", std::ios::binary);
    compressed.assign(std::istreambuf_iterator<char>(in), {});
  }
  compressed[compressed.size() / 2] = static_cast<char>(compressed[compressed.size() / 2] ^ 0x55);
  dir.write("lists/bad_Packages.xz", compressed);
  auto root = RootFs::open(dir.path().string());
  ASSERT_TRUE(root);
  auto source = open_byte_source(*root, "/lists/bad_Packages.xz");
  ASSERT_TRUE(source);
  std::vector<std::string> notices;
  auto status = read_package_stanzas(
      std::move(*source), [](std::string_view) { return true; }, [](PackageStanza&&) {}, notices);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find(dir.path().string() + "/lists/bad_Packages.xz"),
            std::string::npos)
      << status.error().message;
}

TEST(PackagesIndexTest, MalformedWantedStanzaNamesFileAndLine) {
  std::vector<std::string> notices;
  auto status = read_package_stanzas(
      memory_source("Package: p\nVersion: 1\n\nPackage: p\nno colon here\n", "Packages"),
      [](std::string_view) { return true; }, [](PackageStanza&&) {}, notices);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("Packages:5:"), std::string::npos)
      << status.error().message;
}

}  // namespace
}  // namespace patchplan::updates
