// End-to-end tests of `patchplan feeds import-changelogs`: plain and gzip files and
// directories, the versions it records (a status-only installed version becomes the
// distribution's), the journal entry, and bad input that leaves the previous feed alone.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/cli_fixture.hpp"

namespace patchplan::testing {
namespace {

namespace fs = std::filesystem;

// systemd's update on builder-cpp fixes CVE-2099-1111; sed's installed 4.9-1 is in no
// configured index there, and only this changelog says Debian uploaded it.
constexpr std::string_view kSystemd =
    "systemd (252.39-1~deb12u2) bookworm; urgency=high\n\n"
    "  * Fix CVE-2099-1111.\n\n"
    " -- Debian Maintainer <dm@example.org>  Mon, 01 Sep 2025 10:00:00 +0200\n\n"
    "systemd (252.38-1~deb12u1) bookworm; urgency=medium\n\n"
    "  * Point release.\n\n"
    " -- Debian Maintainer <dm@example.org>  Mon, 01 Jul 2025 10:00:00 +0200\n";
constexpr std::string_view kSed =
    "sed (4.9-1) unstable; urgency=medium\n\n"
    "  * New upstream release.\n\n"
    " -- Debian Maintainer <dm@example.org>  Sun, 06 Nov 2022 10:00:00 +0100\n";

class CliChangelogsTest : public CliTest {
 protected:
  fs::path write(const std::string& relative, std::string_view text) const {
    fs::path file = scratch().path() / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

  fs::path write_gzip(const std::string& relative, std::string_view text) const {
    fs::path file = scratch().path() / relative;
    fs::create_directories(file.parent_path());
    gzFile out = gzopen(file.c_str(), "wb");
    EXPECT_NE(out, nullptr);
    gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
    gzclose(out);
    return file;
  }

  ProcessResult import(const std::vector<std::string>& paths) const {
    std::vector<std::string> args = {"--db", db(), "feeds", "import-changelogs"};
    args.insert(args.end(), paths.begin(), paths.end());
    return patchplan(args);
  }

  nlohmann::json assess_json() const {
    auto result = patchplan(
        {"--db", db(), "--root", (shared_hosts() / "builder-cpp").string(), "assess", "--json"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out);
  }

  static bool has_finding(const nlohmann::json& doc, std::string_view package,
                          std::string_view id) {
    for (const auto& f : doc["vulnerabilities"]["findings"]) {
      if (f["package"] == package && f["vulnerability"] == id) return true;
    }
    return false;
  }

  static bool unknown_origin(const nlohmann::json& doc, std::string_view package) {
    for (const auto& u : doc["vulnerabilities"]["unknown_origin"]) {
      if (u["package"] == package) return true;
    }
    return false;
  }
};

TEST_F(CliChangelogsTest, DirectoryOfPlainAndGzipChangelogsBecomesTheChangelogFeed) {
  EXPECT_TRUE(unknown_origin(assess_json(), "sed"));  // before: sed 4.9-1 is nobody's

  write("changelogs/systemd/changelog", kSystemd);
  write_gzip("changelogs/sed/changelog.Debian.gz", kSed);
  auto result = import({(scratch().path() / "changelogs").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("from 2 files: 3 entries, 1 CVE fixes, 3 source versions"),
            std::string::npos)
      << result.out;

  nlohmann::json doc = assess_json();
  EXPECT_TRUE(has_finding(doc, "systemd", "CVE-2099-1111"));
  EXPECT_FALSE(unknown_origin(doc, "sed"));  // the changelog records Debian's 4.9-1
  for (const auto& f : doc["vulnerabilities"]["findings"]) {
    if (f["vulnerability"] != "CVE-2099-1111") continue;
    EXPECT_EQ(f["urgency"], "high");
    EXPECT_EQ(f["feed"], "changelog");
  }

  auto journal = patchplan({"--db", db(), "--json", "journal"});
  ASSERT_EQ(journal.exit_code, 0) << journal.err;
  EXPECT_NE(journal.out.find("feeds.import"), std::string::npos);
  EXPECT_NE(journal.out.find("changelog feed 'changelog'"), std::string::npos) << journal.out;

  // The same input again: the same digest, reported unchanged.
  auto again = import({(scratch().path() / "changelogs").string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("(unchanged)"), std::string::npos) << again.out;
}

TEST_F(CliChangelogsTest, BadInputNamesItAndLeavesThePreviousFeed) {
  fs::path good = write("good/changelog", kSystemd);
  ASSERT_EQ(import({good.string()}).exit_code, 0);

  fs::path junk = write("junk/notes.txt", "this is not a changelog\nat all\n");
  fs::path empty = scratch().path() / "empty";
  fs::create_directories(empty);
  fs::path truncated = write("bad/changelog.gz", std::string("\x1f\x8b\x08\x00", 4));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {junk.string(), "'" + junk.string() + "': not a debian changelog"},
      {(scratch().path() / "junk").string(), "not a debian changelog"},
      {empty.string(), "'" + empty.string() + "': no changelog files in this directory"},
      {(scratch().path() / "missing").string(), (scratch().path() / "missing").string()},
      {truncated.string(), truncated.string()},
  };
  for (const auto& [path, message] : cases) {
    auto result = import({good.string(), path});
    EXPECT_EQ(result.exit_code, 1) << path << "\n" << result.out;
    EXPECT_NE(result.err.find(message), std::string::npos) << path << ": " << result.err;
    EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << result.err;  // one line
  }
  EXPECT_TRUE(has_finding(assess_json(), "systemd", "CVE-2099-1111"));  // still the good feed
  EXPECT_EQ(patchplan({"--db", db(), "feeds", "import-changelogs"}).exit_code, 2);
}

}  // namespace
}  // namespace patchplan::testing
