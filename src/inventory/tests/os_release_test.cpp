#include "inventory/os_release.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/tests/test_files.hpp"

namespace patchplan::inventory {
namespace {

using patchplan::testing::TempDir;

OsRelease parse(std::string_view text, std::vector<std::string>& warnings) {
  return parse_os_release(text, "os-release", warnings);
}

TEST(OsReleaseTest, ReadsDebianBookworm) {
  std::vector<std::string> warnings;
  auto os = parse(
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
      "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n"
      "HOME_URL=\"https://www.debian.org/\"\n",
      warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(os.id, "debian");
  EXPECT_EQ(os.version_id, "12");
  EXPECT_EQ(os.version_codename, "bookworm");
  EXPECT_EQ(os.pretty_name, "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(os.name, "Debian GNU/Linux");
  EXPECT_EQ(os.version, "12 (bookworm)");
  EXPECT_EQ(os.variables.at("HOME_URL"), "https://www.debian.org/");
}

TEST(OsReleaseTest, QuotesEscapesAndComments) {
  std::vector<std::string> warnings;
  auto os = parse(
      "# a comment\n\n  ID=ubuntu  \nID_LIKE='debian'\n"
      "PRETTY_NAME=\"Say \\\"hi\\\" \\$HOME \\`x\\` \\\\ \\n\"\n"
      "NAME='single \\ keeps $ and \"'\nVERSION=bare\\ word\nVERSION_ID=\"22.04\" # trailing\n"
      "EMPTY=\nCRLF=\"yes\"\r\n",
      warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  EXPECT_EQ(os.id, "ubuntu");
  EXPECT_EQ(os.id_like, "debian");
  EXPECT_EQ(os.pretty_name, "Say \"hi\" $HOME `x` \\ \\n");
  EXPECT_EQ(os.name, "single \\ keeps $ and \"");
  EXPECT_EQ(os.version, "bare word");
  EXPECT_EQ(os.version_id, "22.04");
  EXPECT_EQ(os.variables.at("EMPTY"), "");
  EXPECT_EQ(os.variables.at("CRLF"), "yes");
}

TEST(OsReleaseTest, MalformedLinesAreSkippedWithWarnings) {
  std::vector<std::string> warnings;
  auto os = parse(
      "ID=debian\nnot an assignment\n1BAD=x\nNAME=\"open\nVERSION='open\n"
      "PRETTY_NAME=two words\nVERSION_ID=\"a\"\"b\"\nX=a\"b\nVERSION_CODENAME=bookworm\n",
      warnings);
  EXPECT_EQ(os.id, "debian");
  EXPECT_EQ(os.version_codename, "bookworm");
  EXPECT_EQ(os.name, "");
  EXPECT_EQ(os.pretty_name, "");
  EXPECT_EQ(os.version_id, "");
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "os-release:2: expected 'KEY=value', got 'not an assignment'",
                          "os-release:3: expected 'KEY=value', got '1BAD=x'",
                          "os-release:4: unterminated double quote in 'NAME=\\x22open'",
                          "os-release:5: unterminated single quote in 'VERSION=\\x27open'",
                          "os-release:6: text after the value (quote values with blanks, do not "
                          "concatenate) in 'PRETTY_NAME=two words'",
                          "os-release:7: text after the value (quote values with blanks, do not "
                          "concatenate) in 'VERSION_ID=\\x22a\\x22\\x22b\\x22'",
                          "os-release:8: quote inside a bare value in 'X=a\\x22b'"}));
}

TEST(OsReleaseTest, FallsBackToUsrLib) {
  TempDir dir;
  dir.write("usr/lib/os-release", "ID=debian\nVERSION_ID=\"13\"\n");
  auto root = RootFs::open(dir.path().string());
  std::vector<std::string> warnings;
  auto os = read_os_release(*root, warnings);
  ASSERT_TRUE(os.has_value()) << os.error().message;
  EXPECT_EQ(os->version_id, "13");
}

TEST(OsReleaseTest, EtcWinsOverUsrLibAndAbsoluteSymlinkStaysInRoot) {
  TempDir dir;
  dir.write("usr/lib/os-release", "ID=debian\n");
  std::filesystem::create_directories(dir.path() / "etc");
  std::filesystem::create_symlink("/usr/lib/os-release", dir.path() / "etc/os-release");
  auto root = RootFs::open(dir.path().string());
  std::vector<std::string> warnings;
  auto os = read_os_release(*root, warnings);
  ASSERT_TRUE(os.has_value()) << os.error().message;
  EXPECT_EQ(os->id, "debian");

  std::filesystem::remove(dir.path() / "etc/os-release");
  dir.write("etc/os-release", "ID=devuan\n");
  EXPECT_EQ(read_os_release(*root, warnings)->id, "devuan");
}

TEST(OsReleaseTest, MissingIsNotFound) {
  TempDir dir;
  auto root = RootFs::open(dir.path().string());
  std::vector<std::string> warnings;
  auto os = read_os_release(*root, warnings);
  ASSERT_FALSE(os.has_value());
  EXPECT_EQ(os.error().code, ErrorCode::kNotFound);
  EXPECT_NE(os.error().message.find(dir.path().string()), std::string::npos);
}

TEST(OsReleaseTest, RealHostsAreDebian) {
  std::filesystem::path hosts = std::filesystem::path(PATCHPLAN_SHARED_DIR) / "data/hosts";
  auto root = RootFs::open((hosts / "python-debian13").string());
  ASSERT_TRUE(root.has_value());
  std::vector<std::string> warnings;
  auto os = read_os_release(*root, warnings);
  ASSERT_TRUE(os.has_value()) << os.error().message;
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(os->id, "debian");
  EXPECT_EQ(os->version_codename, "trixie");
  EXPECT_EQ(os->variables.at("DEBIAN_VERSION_FULL"), "13.7");
  EXPECT_EQ(*read_debian_version(*root), "13.7");
}

TEST(OsReleaseTest, DebianVersionFirstLineTrimmed) {
  TempDir dir;
  dir.write("etc/debian_version", "  trixie/sid \nignored\n");
  auto root = RootFs::open(dir.path().string());
  EXPECT_EQ(*read_debian_version(*root), "trixie/sid");
  std::filesystem::remove(dir.path() / "etc/debian_version");
  auto missing = read_debian_version(*root);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace patchplan::inventory
