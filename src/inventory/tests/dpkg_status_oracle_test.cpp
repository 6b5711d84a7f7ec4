// read_dpkg_status held against dpkg-query on the same database: the nine real host
// roots and fixtures of the cases where both accept the file.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "common/deb822.hpp"
#include "common/tests/run_process.hpp"
#include "inventory/dpkg_status.hpp"
#include "inventory/package_status.hpp"
#include "inventory/tests/status_fixtures.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::inventory {
namespace {

using patchplan::testing::run_process;
using testing::stanza;
using testing::TempDir;

const std::filesystem::path kHosts = std::filesystem::path(PATCHPLAN_SHARED_DIR) / "data/hosts";
constexpr const char* kFormat =
    "${binary:Package}\t${Version}\t${source:Package}\t${source:Version}\t"
    "${db:Status-Abbrev}\n";

std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::string native_architecture() {
  auto result = run_process({"dpkg", "--print-architecture"});
  return std::string(trim(result.out));
}

// What dpkg-query -W prints for `root`'s database: every package not in state
// not-installed, one formatted line each.
std::vector<std::string> dpkg_query_lines(const std::filesystem::path& root) {
  auto result = run_process({"dpkg-query", "--admindir=" + (root / "var/lib/dpkg").string(), "-W",
                             std::string("-f=") + kFormat});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return sorted_lines(result.out);
}

// A version as dpkg-query prints it: parsed and written back ("0:1.0" becomes "1.0").
std::string dpkg_form(const std::string& version) {
  auto parsed = versions::parse_deb_version(version);
  return parsed ? parsed->to_string() : version;
}

std::vector<std::string> our_lines(const std::filesystem::path& root_path) {
  auto root = RootFs::open(root_path.string());
  EXPECT_TRUE(root.has_value());
  auto database = read_dpkg_status(*root);
  EXPECT_TRUE(database.has_value()) << database.error().message;
  if (!database) return {};
  std::string native = native_architecture();
  std::string text;
  for (const auto& package : database->packages) {
    if (package.state == PackageState::kNotInstalled) continue;
    text += fmt::format("{}\t{}\t{}\t{}\t{}\n", qualified_name(package, native),
                        dpkg_form(package.version), package.source,
                        dpkg_form(package.source_version), status_abbrev(package));
  }
  return sorted_lines(text);
}

std::vector<std::filesystem::path> host_roots() {
  std::vector<std::filesystem::path> roots;
  for (const auto& entry : std::filesystem::directory_iterator(kHosts)) {
    if (std::filesystem::exists(entry.path() / "var/lib/dpkg/status")) roots.push_back(entry);
  }
  std::sort(roots.begin(), roots.end());
  return roots;
}

TEST(DpkgStatusOracleTest, AllRealHostsAgreeWithDpkgQuery) {
  auto roots = host_roots();
  ASSERT_EQ(roots.size(), 9u);
  for (const auto& root : roots) {
    SCOPED_TRACE(root.string());
    auto expected = dpkg_query_lines(root);
    EXPECT_GE(expected.size(), 700u);
    EXPECT_EQ(our_lines(root), expected);
  }
}

TEST(DpkgStatusOracleTest, RealHostsReadWithoutWarnings) {
  for (const auto& root_path : host_roots()) {
    auto root = RootFs::open(root_path.string());
    auto database = read_dpkg_status(*root);
    ASSERT_TRUE(database.has_value()) << database.error().message;
    EXPECT_TRUE(database->warnings.empty()) << root_path << ": " << database->warnings.front();
  }
}

TEST(DpkgStatusOracleTest, FixtureStatesAndSourcesAgreeWithDpkgQuery) {
  TempDir dir;
  std::string content =
      stanza("pn", "install ok not-installed", "1.0") +
      stanza("pc", "deinstall ok config-files", "1.0", "Source: src-c (0.9)\n") +
      stanza("ph", "install reinstreq half-installed", "1:1.0-1", "Source: src-h\n") +
      stanza("pu", "install ok unpacked", "0:1.0~rc1", "Source: src-u (0:1.0)\n") +
      stanza("pf", "install ok half-configured", "1.0", "Multi-Arch: same\n") +
      stanza("pw", "install ok triggers-awaited", "1.0", "Triggers-Awaited: pt\n") +
      stanza("pt", "install ok triggers-pending", "1.0", "Triggers-Pending: ldconfig\n") +
      stanza("pi", "hold ok installed", "2:3.4+dfsg-1+deb12u1", "Source: big (2:3.4+dfsg-1)\n") +
      stanza("px", "unknown ok installed", "1.0", "", "all") +
      stanza("lib32", "install ok installed", "1.0", "Multi-Arch: same\n", "i386") +
      stanza("tool32", "install ok installed", "1.0", "Multi-Arch: foreign\n", "i386") +
      "package: lower\nstatus: install ok installed\narchitecture: amd64\nversion: 7\n"
      "maintainer: J\xe9r\xf4me\n\n";
  dir.write("var/lib/dpkg/status", content);
  auto expected = dpkg_query_lines(dir.path());
  EXPECT_EQ(expected.size(), 11u);  // all but the not-installed "pn"
  EXPECT_EQ(our_lines(dir.path()), expected);
}

TEST(DpkgStatusOracleTest, MultiArchSameDuplicateKeepsLastLikeDpkgQuery) {
  TempDir dir;
  dir.write("var/lib/dpkg/status",
            stanza("libfoo", "install ok installed", "1.0", "Multi-Arch: same\n") +
                stanza("libfoo", "install ok installed", "1.1", "Multi-Arch: same\n"));
  auto expected = dpkg_query_lines(dir.path());
  ASSERT_EQ(expected.size(), 1u);
  EXPECT_EQ(our_lines(dir.path()), expected);
}

TEST(DpkgStatusOracleTest, NonCoinstallableDuplicateRefusedByDpkgIsWarnedHere) {
  TempDir dir;
  dir.write("var/lib/dpkg/status", stanza("foo", "install ok installed", "1.0") +
                                       stanza("foo", "install ok installed", "1.1"));
  auto dpkg =
      run_process({"dpkg-query", "--admindir=" + (dir.path() / "var/lib/dpkg").string(), "-W"});
  EXPECT_NE(dpkg.exit_code, 0);
  EXPECT_NE(dpkg.err.find("multiple non-coinstallable package instances"), std::string::npos)
      << dpkg.err;
  auto root = RootFs::open(dir.path().string());
  auto database = read_dpkg_status(*root);
  ASSERT_TRUE(database.has_value());
  ASSERT_EQ(database->packages.size(), 1u);
  EXPECT_EQ(database->packages[0].version, "1.1");
  EXPECT_EQ(database->warnings.size(), 1u);
}

}  // namespace
}  // namespace patchplan::inventory
