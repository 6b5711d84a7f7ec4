#include "inventory/dpkg_status.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "inventory/package_status.hpp"
#include "inventory/tests/status_fixtures.hpp"

namespace patchplan::inventory {
namespace {

using testing::read_status_text;
using testing::stanza;
using testing::TempDir;

std::string status_file(const TempDir& dir) {
  return (dir.path() / "var/lib/dpkg/status").string();
}

// Warnings about the status file: each of `tails` ("13: what") prefixed with its path.
std::vector<std::string> in_file(const TempDir& dir, std::initializer_list<std::string> tails) {
  std::vector<std::string> warnings;
  for (const auto& tail : tails) warnings.push_back(status_file(dir) + tail);
  return warnings;
}

TEST(DpkgStatusTest, ReadsEveryStateWithItsAbbreviation) {
  TempDir dir;
  std::string content =
      stanza("pn", "install ok not-installed", "1.0") +
      stanza("pc", "deinstall ok config-files", "1.0") +
      stanza("ph", "install reinstreq half-installed", "1.0") +
      stanza("pu", "install ok unpacked", "1.0") +
      stanza("pf", "install ok half-configured", "1.0") +
      stanza("pw", "install ok triggers-awaited", "1.0", "Triggers-Awaited: pt\n") +
      stanza("pt", "install ok triggers-pending", "1.0", "Triggers-Pending: ldconfig\n") +
      stanza("pi", "hold ok installed", "1.0") + stanza("pp", "purge ok config-files", "1.0") +
      stanza("px", "unknown ok installed", "1.0");
  auto database = read_status_text(dir, content);
  ASSERT_TRUE(database.has_value()) << database.error().message;
  EXPECT_TRUE(database->warnings.empty());
  std::vector<std::string> got;
  for (const auto& package : database->packages) {
    got.push_back(package.name + " " + status_abbrev(package) + " " +
                  std::string(state_name(package.state)) + " " +
                  std::string(selection_name(package.selection)));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "pn in  not-installed install", "pc rc  config-files deinstall",
                     "ph iHR half-installed install", "pu iU  unpacked install",
                     "pf iF  half-configured install", "pw iW  triggers-awaited install",
                     "pt it  triggers-pending install", "pi hi  installed hold",
                     "pp pc  config-files purge", "px ui  installed unknown"}));
  EXPECT_FALSE(database->packages[0].has_current_version());
  EXPECT_FALSE(database->packages[1].has_current_version());
  EXPECT_TRUE(database->packages[2].has_current_version());
  EXPECT_TRUE(database->packages[2].reinstall_required);
  EXPECT_EQ(database->packages[3].line, 28u);
}

TEST(DpkgStatusTest, SourceDefaultsToBinaryNameAndVersion) {
  TempDir dir;
  auto database = read_status_text(
      dir, stanza("bash", "install ok installed", "5.2.15-2+b2", "Source: bash (5.2.15-2)\n") +
               stanza("bsdutils", "install ok installed", "1:2.38.1-5",
                      "Source: util-linux (2.38.1-5)\n") +
               stanza("libc6", "install ok installed", "2.36-9", "Source: glibc\n") +
               stanza("adduser", "install ok installed", "3.134", "", "all"));
  ASSERT_TRUE(database.has_value()) << database.error().message;
  ASSERT_EQ(database->packages.size(), 4u);
  const auto& bash = database->packages[0];
  EXPECT_EQ(bash.source, "bash");
  EXPECT_EQ(bash.version, "5.2.15-2+b2");
  EXPECT_EQ(bash.source_version, "5.2.15-2");
  EXPECT_EQ(database->packages[1].source, "util-linux");
  EXPECT_EQ(database->packages[1].source_version, "2.38.1-5");
  EXPECT_EQ(database->packages[2].source, "glibc");
  EXPECT_EQ(database->packages[2].source_version, "2.36-9");
  const auto& adduser = database->packages[3];
  EXPECT_EQ(adduser.source, "adduser");
  EXPECT_EQ(adduser.source_version, "3.134");
  EXPECT_EQ(adduser.architecture, "all");
  EXPECT_EQ(adduser.maintainer, "Debian <d@example.org>");
  EXPECT_EQ(adduser.summary, "the adduser package");
}

TEST(DpkgStatusTest, ReadsArchitectureAndMultiArch) {
  TempDir dir;
  auto database = read_status_text(
      dir, stanza("libc6", "install ok installed", "2.36-9", "Multi-Arch: same\n") +
               stanza("libc6", "install ok installed", "2.36-9", "Multi-Arch: same\n", "i386") +
               stanza("make", "install ok installed", "4.3-4.1", "Multi-Arch: allowed\n") +
               stanza("perl", "install ok installed", "5.36.0-7", "Multi-Arch: no\n") +
               stanza("tzdata", "install ok installed", "2024a-0", "Multi-Arch: foreign\n", "all"));
  ASSERT_TRUE(database.has_value()) << database.error().message;
  EXPECT_TRUE(database->warnings.empty()) << database->warnings.front();
  ASSERT_EQ(database->packages.size(), 5u);
  EXPECT_EQ(database->packages[0].multi_arch, "same");
  EXPECT_EQ(database->packages[1].architecture, "i386");
  EXPECT_EQ(database->packages[2].multi_arch, "allowed");
  EXPECT_EQ(database->packages[3].multi_arch, "");
  EXPECT_EQ(database->packages[4].multi_arch, "foreign");
}

TEST(DpkgStatusTest, FieldNamesAreCaseInsensitive) {
  TempDir dir;
  auto database = read_status_text(
      dir, "package: foo\nstatus: install ok installed\nARCHITECTURE: amd64\nversion: 1.0\n");
  ASSERT_TRUE(database.has_value()) << database.error().message;
  ASSERT_EQ(database->packages.size(), 1u);
  EXPECT_EQ(database->packages[0].version, "1.0");
}

TEST(DpkgStatusTest, StanzaCutOffAtEndOfFileIsSkipped) {
  TempDir dir;
  std::string whole = stanza("foo", "install ok installed", "1.0");
  auto database = read_status_text(
      dir, whole + "Package: bar\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.");
  ASSERT_TRUE(database.has_value()) << database.error().message;
  ASSERT_EQ(database->packages.size(), 1u);
  EXPECT_EQ(database->packages[0].name, "foo");
  EXPECT_EQ(database->warnings,
            in_file(dir, {":13: stanza cut off at end of file (no final newline)"}));
}

TEST(DpkgStatusTest, StanzaCutOffInFieldNameIsSkipped) {
  TempDir dir;
  auto database = read_status_text(
      dir, stanza("foo", "install ok installed", "1.0") + "Package: bar\nStatus: install ok in");
  ASSERT_TRUE(database.has_value()) << database.error().message;
  EXPECT_EQ(database->packages.size(), 1u);
  ASSERT_EQ(database->warnings.size(), 1u);
  EXPECT_EQ(database->warnings[0],
            status_file(dir) + ":11: stanza cut off at end of file (no final newline)");
}

TEST(DpkgStatusTest, GarbledLineSkipsOnlyItsStanza) {
  TempDir dir;
  auto database = read_status_text(
      dir, stanza("foo", "install ok installed", "1.0") +
               "Package: bar\nStatus: install ok installed\nthis is garbage\nVersion: 1\n\n" +
               stanza("baz", "install ok installed", "2.0"));
  ASSERT_TRUE(database.has_value()) << database.error().message;
  ASSERT_EQ(database->packages.size(), 2u);
  EXPECT_EQ(database->packages[1].name, "baz");
  EXPECT_EQ(database->packages[1].line, 15u);
  ASSERT_EQ(database->warnings.size(), 1u);
  EXPECT_EQ(database->warnings[0],
            status_file(dir) + ":12: expected 'Field: value', got 'this is garbage'");
}

TEST(DpkgStatusTest, GarbledLineIsQuotedWithoutControlCharacters) {
  TempDir dir;
  auto database = read_status_text(dir, "Package: bar\n\x1b]0;owned\x07\n");
  ASSERT_TRUE(database.has_value());
  EXPECT_TRUE(database->packages.empty());
  EXPECT_EQ(database->warnings,
            in_file(dir, {":2: expected 'Field: value', got '\\x1b]0;owned\\x07'"}));
}

TEST(DpkgStatusTest, StanzaWithoutPackageIsSkipped) {
  TempDir dir;
  auto database = read_status_text(dir, "Status: install ok installed\nVersion: 1.0\n\n" +
                                            stanza("foo", "install ok installed", "1.0"));
  ASSERT_TRUE(database.has_value());
  EXPECT_EQ(database->packages.size(), 1u);
  EXPECT_EQ(database->warnings, in_file(dir, {":1: stanza without a Package field"}));
}

TEST(DpkgStatusTest, StanzaWithoutStatusIsSkipped) {
  TempDir dir;
  auto database = read_status_text(dir, "Package: foo\nArchitecture: amd64\nVersion: 1.0\n\n" +
                                            stanza("bar", "install ok installed", "1.0"));
  ASSERT_TRUE(database.has_value());
  ASSERT_EQ(database->packages.size(), 1u);
  EXPECT_EQ(database->packages[0].name, "bar");
  EXPECT_EQ(database->warnings, in_file(dir, {":1: package 'foo' has no Status field"}));
}

TEST(DpkgStatusTest, StanzaWithoutVersionIsSkippedUnlessNotInstalled) {
  TempDir dir;
  auto database = read_status_text(
      dir,
      "Package: foo\nStatus: install ok installed\nArchitecture: amd64\n\n"
      "Package: sel\nStatus: install ok not-installed\n\n"
      "Package: half\nStatus: install reinstreq half-installed\nArchitecture: amd64\n\n");
  ASSERT_TRUE(database.has_value());
  ASSERT_EQ(database->packages.size(), 2u);
  EXPECT_EQ(database->packages[0].name, "sel");
  EXPECT_EQ(database->packages[0].version, "");
  EXPECT_EQ(database->packages[1].name, "half");
  EXPECT_EQ(database->warnings, in_file(dir, {":1: package 'foo' has no Version field"}));
}

TEST(DpkgStatusTest, InvalidStatusIsSkipped) {
  TempDir dir;
  auto database = read_status_text(dir, stanza("foo", "install ok sleeping", "1.0") +
                                            stanza("bar", "install ok", "1.0") +
                                            stanza("baz", "install fine installed", "1.0") +
                                            stanza("qux", "install ok installed extra", "1.0") +
                                            stanza("good", "install ok installed", "1.0"));
  ASSERT_TRUE(database.has_value());
  ASSERT_EQ(database->packages.size(), 1u);
  ASSERT_EQ(database->warnings.size(), 4u);
  EXPECT_EQ(database->warnings[0], status_file(dir) + ":2: invalid Status 'install ok sleeping'");
  EXPECT_EQ(database->warnings[3],
            status_file(dir) + ":29: invalid Status 'install ok installed extra'");
}

TEST(DpkgStatusTest, ShellMetacharactersInNameSkipStanza) {
  TempDir dir;
  auto database = read_status_text(dir, stanza("bar;rm -rf /", "install ok installed", "1.0") +
                                            stanza("$(id)", "install ok installed", "1.0") +
                                            stanza("Upper", "install ok installed", "1.0") +
                                            stanza("x", "install ok installed", "1.0") +
                                            stanza("ok-name+1.0", "install ok installed", "1.0"));
  ASSERT_TRUE(database.has_value());
  ASSERT_EQ(database->packages.size(), 1u);
  EXPECT_EQ(database->packages[0].name, "ok-name+1.0");
  EXPECT_EQ(
      database->warnings,
      in_file(dir, {":1: invalid package name 'bar;rm -rf /'", ":10: invalid package name '$(id)'",
                    ":19: invalid package name 'Upper'", ":28: invalid package name 'x'"}));
}

TEST(DpkgStatusTest, ControlCharactersInWarningsAreEscaped) {
  TempDir dir;
  auto database = read_status_text(dir, stanza("a\x1b[2Jb", "install ok installed", "1.0"));
  ASSERT_TRUE(database.has_value());
  EXPECT_EQ(database->warnings, in_file(dir, {":1: invalid package name 'a\\x1b[2Jb'"}));
}

TEST(DpkgStatusTest, InvalidVersionSkipsStanza) {
  TempDir dir;
  auto database = read_status_text(
      dir, stanza("a1", "install ok installed", "1.0$(id)") +
               stanza("a2", "install ok installed", "1.0 2") +
               stanza("a3", "install ok installed", "x:1.0") +
               stanza("a4", "install ok installed", "") +
               stanza("a5", "install ok installed", "1.0", "Source: src (1;reboot)\n") +
               stanza("a6", "install ok installed", "1:2.0-1~deb12u1"));
  ASSERT_TRUE(database.has_value());
  ASSERT_EQ(database->packages.size(), 1u);
  EXPECT_EQ(database->packages[0].name, "a6");
  ASSERT_EQ(database->warnings.size(), 5u);
  std::string file = status_file(dir);
  EXPECT_TRUE(database->warnings[0].starts_with(file + ":6: invalid version '1.0$(id)'"))
      << database->warnings[0];
  EXPECT_TRUE(database->warnings[1].starts_with(file + ":15: invalid version '1.0 2'"))
      << database->warnings[1];
  EXPECT_TRUE(database->warnings[2].starts_with(file + ":24: invalid version 'x:1.0'"))
      << database->warnings[2];
  EXPECT_TRUE(database->warnings[3].starts_with(file + ":33: invalid version ''"))
      << database->warnings[3];
  EXPECT_TRUE(database->warnings[4].starts_with(file + ":43: invalid version '1;reboot'"))
      << database->warnings[4];
}

TEST(DpkgStatusTest, InvalidSourceSkipsStanza) {
  TempDir dir;
  auto database = read_status_text(
      dir, stanza("a1", "install ok installed", "1.0", "Source: `reboot`\n") +
               stanza("a2", "install ok installed", "1.0", "Source: src (1.0\n") +
               stanza("a3", "install ok installed", "1.0", "Source: src ()\n") +
               stanza("a4", "install ok installed", "1.0", "Source: src (1.0) junk\n"));
  ASSERT_TRUE(database.has_value());
  EXPECT_TRUE(database->packages.empty());
  EXPECT_EQ(database->warnings, in_file(dir, {":7: invalid source name '`reboot`'",
                                              ":17: invalid Source field 'src (1.0'",
                                              ":27: invalid Source field 'src ()'",
                                              ":37: invalid Source field 'src (1.0) junk'"}));
}

TEST(DpkgStatusTest, InvalidArchitectureAndMultiArchSkipStanza) {
  TempDir dir;
  auto database = read_status_text(
      dir, stanza("a1", "install ok installed", "1.0", "", "amd64;x") +
               stanza("a2", "install ok installed", "1.0", "Multi-Arch: maybe\n") +
               stanza("a3", "install ok installed", "1.0", "Multi-Arch: same\n", "all"));
  ASSERT_TRUE(database.has_value());
  EXPECT_TRUE(database->packages.empty());
  EXPECT_EQ(database->warnings, in_file(dir, {":5: invalid architecture 'amd64;x'",
                                              ":16: invalid Multi-Arch value 'maybe'",
                                              ":26: Multi-Arch: same on architecture 'all'"}));
}

TEST(DpkgStatusTest, MissingArchitectureKeepsPackageWithWarning) {
  TempDir dir;
  auto database =
      read_status_text(dir, "Package: foo\nStatus: install ok installed\nVersion: 1.0\n");
  ASSERT_TRUE(database.has_value());
  ASSERT_EQ(database->packages.size(), 1u);
  EXPECT_EQ(database->packages[0].architecture, "");
  EXPECT_EQ(database->warnings,
            in_file(dir, {":1: package 'foo' has no Architecture field (kept)"}));
}

TEST(DpkgStatusTest, DuplicateFieldSkipsStanza) {
  TempDir dir;
  auto database =
      read_status_text(dir, stanza("foo", "install ok installed", "1.0", "version: 2.0\n"));
  ASSERT_TRUE(database.has_value());
  EXPECT_TRUE(database->packages.empty());
  EXPECT_EQ(database->warnings, in_file(dir, {":7: duplicate field 'version'"}));
}

TEST(DpkgStatusTest, LaterDuplicateStanzaReplacesEarlier) {
  TempDir dir;
  auto database = read_status_text(dir, stanza("foo", "install ok installed", "1.0") +
                                            stanza("bar", "install ok installed", "1.0") +
                                            stanza("foo", "install ok installed", "1.1"));
  ASSERT_TRUE(database.has_value());
  ASSERT_EQ(database->packages.size(), 2u);
  EXPECT_EQ(database->packages[0].name, "foo");
  EXPECT_EQ(database->packages[0].version, "1.1");
  EXPECT_EQ(database->packages[0].line, 19u);
  EXPECT_EQ(database->warnings,
            in_file(dir, {":19: package 'foo' (amd64) already listed at line 1; this later stanza "
                          "replaces it"}));
}

TEST(DpkgStatusTest, NonCoinstallableInstancesAreKeptWithWarning) {
  TempDir dir;
  auto database =
      read_status_text(dir, stanza("foo", "install ok installed", "1.0") +
                                stanza("foo", "install ok installed", "1.0", "", "i386") +
                                stanza("bar", "install ok installed", "1.0", "Multi-Arch: same\n") +
                                stanza("bar", "deinstall ok not-installed", "1.0", "", "i386"));
  ASSERT_TRUE(database.has_value());
  EXPECT_EQ(database->packages.size(), 4u);
  EXPECT_EQ(database->warnings,
            in_file(dir, {":10: package 'foo' has several installed instances that "
                          "are not all Multi-Arch: same (dpkg refuses such a "
                          "database)"}));
}

TEST(DpkgStatusTest, NonUtf8BytesAreKept) {
  TempDir dir;
  auto database = read_status_text(
      dir, stanza("foo", "install ok installed", "1.0", "Original-Maintainer: J\xe9r\xf4me\n") +
               "Package: bar\nStatus: install ok installed\nMaintainer: J\xe9r\xf4me <j@x>\n"
               "Architecture: amd64\nVersion: 1.0\nDescription: caf\xe9 \xff\xfe\n");
  ASSERT_TRUE(database.has_value());
  EXPECT_TRUE(database->warnings.empty());
  ASSERT_EQ(database->packages.size(), 2u);
  EXPECT_EQ(database->packages[1].maintainer, "J\xe9r\xf4me <j@x>");
  EXPECT_EQ(database->packages[1].summary, "caf\xe9 \xff\xfe");
}

TEST(DpkgStatusTest, MissingFileIsNotFoundNamingPath) {
  TempDir dir;
  auto root = RootFs::open(dir.path().string());
  ASSERT_TRUE(root.has_value());
  auto database = read_dpkg_status(*root);
  ASSERT_FALSE(database.has_value());
  EXPECT_EQ(database.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(database.error().message,
            "cannot read dpkg status '" + status_file(dir) + "': no such file");
}

TEST(DpkgStatusTest, DirectoryInPlaceOfFileIsAnError) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "var/lib/dpkg/status");
  auto root = RootFs::open(dir.path().string());
  auto database = read_dpkg_status(*root);
  ASSERT_FALSE(database.has_value());
  EXPECT_NE(database.error().message.find(status_file(dir)), std::string::npos)
      << database.error().message;
}

TEST(DpkgStatusTest, EmptyFileHasNoPackages) {
  TempDir dir;
  auto database = read_status_text(dir, "");
  ASSERT_TRUE(database.has_value());
  EXPECT_TRUE(database->packages.empty());
  EXPECT_TRUE(database->warnings.empty());
  auto blank = read_status_text(dir, "\n\n  \n");
  ASSERT_TRUE(blank.has_value());
  EXPECT_TRUE(blank->packages.empty());
}

TEST(DpkgStatusTest, ReadsOtherPathInsideRoot) {
  TempDir dir;
  dir.write("srv/status-copy", stanza("foo", "install ok installed", "1.0"));
  auto root = RootFs::open(dir.path().string());
  auto database = read_dpkg_status(*root, "/srv/status-copy");
  ASSERT_TRUE(database.has_value()) << database.error().message;
  EXPECT_EQ(database->packages.size(), 1u);
}

}  // namespace
}  // namespace patchplan::inventory
