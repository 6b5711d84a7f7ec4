// Release and InRelease files: fields, flags, the clear-signed armour and bad input; and
// the real InRelease files of the shared hosts.
#include "updates/release_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace patchplan::updates {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSigned =
    "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n"
    "Origin: Debian\nLabel: Debian-Security\nSuite: oldstable-security\n"
    "Codename: bookworm-security\nVersion: 12\nDate: Wed, 03 Dec 2026 10:00:00 UTC\n"
    "Architectures: amd64 arm64\nComponents: updates/main updates/contrib\n"
    "- NotAutomatic: no\nSHA256:\n abc 123 main/binary-amd64/Packages\n"
    "-----BEGIN PGP SIGNATURE-----\n\niQIzBAEBCgAdFiEE\n=abcd\n-----END PGP SIGNATURE-----\n";

TEST(ReleaseFileTest, ClearSignedMessageIsExtracted) {
  auto message = split_clear_signed(kSigned, "InRelease");
  ASSERT_TRUE(message) << message.error().message;
  ASSERT_TRUE(message->has_value());
  EXPECT_TRUE((*message)->starts_with("Origin: Debian\n"));
  EXPECT_NE((*message)->find("\nNotAutomatic: no\n"), std::string::npos);  // dash-escape removed
  EXPECT_EQ((*message)->find("PGP"), std::string::npos);
}

TEST(ReleaseFileTest, FieldsOfASignedRelease) {
  std::vector<std::string> notices;
  auto info = parse_release(kSigned, "InRelease", notices);
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->origin, "Debian");
  EXPECT_EQ(info->label, "Debian-Security");
  EXPECT_EQ(info->suite, "oldstable-security");
  EXPECT_EQ(info->codename, "bookworm-security");
  EXPECT_EQ(info->version, "12");
  EXPECT_EQ(info->date, "Wed, 03 Dec 2026 10:00:00 UTC");
  EXPECT_EQ(info->architectures, (std::vector<std::string>{"amd64", "arm64"}));
  EXPECT_EQ(info->components.size(), 2u);
  EXPECT_FALSE(info->not_automatic);
  EXPECT_TRUE(notices.empty());
}

TEST(ReleaseFileTest, UnsignedReleaseAndFlags) {
  std::vector<std::string> notices;
  auto info = parse_release(
      "Origin: Debian Backports\nSuite: stable-backports\nNotAutomatic: yes\n"
      "ButAutomaticUpgrades: yes\n",
      "Release", notices);
  ASSERT_TRUE(info);
  EXPECT_TRUE(info->not_automatic);
  EXPECT_TRUE(info->but_automatic_upgrades);
  auto odd = parse_release("Suite: x\nNotAutomatic: sometimes\n", "Release", notices);
  ASSERT_TRUE(odd);
  EXPECT_FALSE(odd->not_automatic);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0], "Release:2: unknown flag value 'sometimes' for NotAutomatic");
}

TEST(ReleaseFileTest, GarbledInReleaseIsAnErrorNamingTheFile) {
  std::vector<std::string> notices;
  auto truncated =
      parse_release("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nOrigin: Debian\n",
                    "lists/x_InRelease", notices);
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().message,
            "clear-signed file 'lists/x_InRelease' is not valid: it does not contain all expected "
            "parts");
  auto unclosed = parse_release(
      "-----BEGIN PGP SIGNED MESSAGE-----\n\nOrigin: D\n-----BEGIN PGP SIGNATURE-----\nxx\n",
      "lists/y_InRelease", notices);
  ASSERT_FALSE(unclosed);
  EXPECT_NE(unclosed.error().message.find(
                "'lists/y_InRelease' is not valid: the signature is not closed"),
            std::string::npos);
  auto trailing =
      parse_release(std::string(kSigned) + "Origin: Evil\n", "lists/z_InRelease", notices);
  ASSERT_FALSE(trailing);
  EXPECT_NE(trailing.error().message.find("unsigned lines"), std::string::npos);
  auto junk = parse_release("\x89PNG\r\n\x1a\n binary junk\n", "lists/w_InRelease", notices);
  ASSERT_FALSE(junk);
  EXPECT_NE(junk.error().message.find("lists/w_InRelease:1:"), std::string::npos)
      << junk.error().message;
  auto empty = parse_release("", "lists/v_Release", notices);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "release file 'lists/v_Release' has no paragraph");
}

TEST(ReleaseFileTest, RealInReleaseFilesOfTheSharedHosts) {
  fs::path lists = fs::path(PATCHPLAN_SHARED_DIR) / "data/hosts/builder-cpp/var/lib/apt/lists";
  auto root = RootFs::open(lists.string());
  ASSERT_TRUE(root);
  std::vector<std::string> notices;
  auto security = read_release_file(
      *root, "deb.debian.org_debian-security_dists_bookworm-security_InRelease", notices);
  ASSERT_TRUE(security) << security.error().message;
  EXPECT_EQ(security->label, "Debian-Security");
  EXPECT_EQ(security->codename, "bookworm-security");
  auto main = read_release_file(*root, "deb.debian.org_debian_dists_bookworm_InRelease", notices);
  ASSERT_TRUE(main) << main.error().message;
  EXPECT_EQ(main->origin, "Debian");
  EXPECT_EQ(main->codename, "bookworm");
  EXPECT_EQ(main->version.substr(0, 3), "12.");
  EXPECT_FALSE(main->not_automatic);
  EXPECT_TRUE(notices.empty());
}

}  // namespace
}  // namespace patchplan::updates
