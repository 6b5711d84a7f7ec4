// End-to-end tests of `patchplan feeds fetch-changelogs`: a host root whose apt lists point
// at a file:/ mirror of dpkg-deb-built packages, fetched twice (the second time from the
// cache), its findings in `assess --json`, a missing .deb, and a cache that is no folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "feeds/tests/deb_fixture.hpp"
#include "tests/cli_fixture.hpp"
#include "updates/list_file_names.hpp"

namespace patchplan::testing {
namespace {

namespace fs = std::filesystem;
using feeds::testing::build_vulndemo_deb;
using feeds::testing::kVulndemoVersion;

std::string status_stanza(const std::string& package, const std::string& source,
                          const std::string& version) {
  return fmt::format(
      "Package: {}\nStatus: install ok installed\nPriority: optional\nSection: misc\n"
      "Maintainer: Demo <demo@example.org>\nArchitecture: amd64\n{}Version: {}\n"
      "Description: {}\n\n",
      package, source.empty() ? "" : "Source: " + source + "\n", version, package);
}

std::string packages_stanza(const std::string& package, const std::string& source,
                            const std::string& version) {
  return fmt::format(
      "Package: {0}\nSource: {1}\nVersion: {2}\nArchitecture: amd64\n"
      "Maintainer: Demo <demo@example.org>\nFilename: pool/main/{0}_{2}_amd64.deb\nSize: 1000\n"
      "Description: {0}\n\n",
      package, source, version);
}

// A bookworm host with vulndemo and vulndemo-data installed at 1.0-1, whose only apt source
// is a file:/ mirror offering 1.0-2+deb12u1 of each; with `lose_one`, lostdemo too is
// installed and offered, but its .deb is missing from the mirror's pool.
class CliFetchChangelogsTest : public CliTest {
 protected:
  void make_host(bool lose_one) {
    fs::create_directories(root() / "etc/apt");
    fs::create_directories(root() / "var/lib/dpkg");
    fs::create_directories(root() / "var/lib/apt/lists");
    write(root() / "etc/hostname", "fetchhost\n");
    write(root() / "etc/debian_version", "12.12\n");
    write(root() / "etc/os-release",
          "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
          "VERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\n");
    write(root() / "var/lib/dpkg/arch", "amd64\n");
    write(root() / "var/lib/dpkg/status",
          status_stanza("dpkg", "", "1.21.22") + status_stanza("vulndemo", "", "1.0-1") +
              status_stanza("vulndemo-data", "vulndemo", "1.0-1") +
              (lose_one ? status_stanza("lostdemo", "", "1.0-1") : ""));
    const std::string uri = "file:" + mirror().string() + "/";
    write(root() / "etc/apt/sources.list",
          fmt::format("deb [trusted=yes] {} bookworm-security main\n", uri));
    const std::string lists = "var/lib/apt/lists/" + updates::uri_to_file_name(uri);
    write(root() / (lists + "dists_bookworm-security_Release"),
          "Origin: Debian\nLabel: Debian-Security\nSuite: stable-security\n"
          "Codename: bookworm-security\nDate: Thu, 03 Dec 2026 00:00:00 UTC\n"
          "Architectures: amd64\nComponents: main\n");
    write(root() / (lists + "dists_bookworm-security_main_binary-amd64_Packages"),
          packages_stanza("vulndemo", "vulndemo", kVulndemoVersion) +
              packages_stanza("vulndemo-data", "vulndemo", kVulndemoVersion) +
              (lose_one ? packages_stanza("lostdemo", "lostdemo", kVulndemoVersion) : ""));

    fs::path pool = mirror() / "pool/main";
    fs::create_directories(pool);
    fs::path work = scratch().path() / "debs";
    fs::create_directories(work);
    const std::string suffix = fmt::format("_{}_amd64.deb", kVulndemoVersion);
    fs::copy_file(build_vulndemo_deb(work, "vulndemo", "xz"), pool / ("vulndemo" + suffix));
    fs::copy_file(build_vulndemo_deb(work, "vulndemo-data", "xz", "vulndemo"),
                  pool / ("vulndemo-data" + suffix));
  }

  [[nodiscard]] fs::path root() const { return scratch().path() / "root"; }
  [[nodiscard]] fs::path mirror() const { return scratch().path() / "mirror"; }

  static void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }

  ProcessResult fetch(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"--db",   db(),    "--root",          root().string(),
                                     "--json", "feeds", "fetch-changelogs"};
    args.insert(args.end(), extra.begin(), extra.end());
    return patchplan(args);
  }

  [[nodiscard]] nlohmann::json assess_json() const {
    auto result = patchplan({"--db", db(), "--root", root().string(), "assess", "--json"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out, nullptr, false);
  }

  static std::size_t findings_of(const nlohmann::json& doc, std::string_view package,
                                 std::string_view id) {
    std::size_t count = 0;
    for (const auto& f : doc["vulnerabilities"]["findings"]) {
      if (f["package"] == package && f["vulnerability"] == id) ++count;
    }
    return count;
  }
};

TEST_F(CliFetchChangelogsTest, FetchesThroughTheHostsListsThenReadsTheCacheAndAssessFindsThem) {
  make_host(false);
  auto first = fetch();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  nlohmann::json one = nlohmann::json::parse(first.out);
  EXPECT_EQ(one["pending"], 2);
  EXPECT_EQ(one["extracted"], 1);  // one changelog for the two binaries of vulndemo
  EXPECT_EQ(one["from_cache"], 0);
  EXPECT_TRUE(one["warnings"].empty()) << one["warnings"];
  EXPECT_EQ(one["cache"], (scratch().path() / "state" / "changelogs").string());
  EXPECT_EQ(one["feed"]["files"], 1);
  EXPECT_EQ(one["feed"]["advisories"], 2);
  EXPECT_EQ(one["feed"]["versions"], 2);

  auto second = fetch();
  ASSERT_EQ(second.exit_code, 0) << second.err;
  nlohmann::json two = nlohmann::json::parse(second.out);
  EXPECT_EQ(two["from_cache"], 1);
  EXPECT_EQ(two["extracted"], 0);
  EXPECT_EQ(two["feed"]["digest"], one["feed"]["digest"]);

  nlohmann::json doc = assess_json();
  EXPECT_EQ(findings_of(doc, "vulndemo", "CVE-2099-0002"), 1u) << doc["vulnerabilities"];
  EXPECT_EQ(findings_of(doc, "vulndemo-data", "CVE-2099-0002"), 1u);
  EXPECT_EQ(findings_of(doc, "vulndemo", "CVE-2099-0001"), 0u);  // fixed in the installed 1.0-1

  auto text = patchplan({"--db", db(), "--root", root().string(), "feeds", "fetch-changelogs"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("fetchhost: 2 pending updates, 1 changelogs from cache, 0 extracted"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("(unchanged)"), std::string::npos) << text.out;
}

TEST_F(CliFetchChangelogsTest, MissingDebIsAWarningNamingItAndTheRestIsImported) {
  make_host(true);
  auto result = fetch();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  nlohmann::json doc = nlohmann::json::parse(result.out);
  EXPECT_EQ(doc["extracted"], 1);
  ASSERT_EQ(doc["warnings"].size(), 1u) << doc["warnings"];
  EXPECT_NE(doc["warnings"][0].get<std::string>().find("lostdemo"), std::string::npos)
      << doc["warnings"][0];
  EXPECT_NE(result.err.find("lostdemo"), std::string::npos) << result.err;
  EXPECT_EQ(findings_of(assess_json(), "vulndemo", "CVE-2099-0002"), 1u);
}

TEST_F(CliFetchChangelogsTest, ImportedChangelogsJoinTheFetchedOnesInTheCache) {
  make_host(true);
  ASSERT_EQ(fetch().exit_code, 0);
  fs::path extra = scratch().path() / "extra" / "changelog";
  write(extra,
        "lostdemo (1.0-2+deb12u1) bookworm-security; urgency=low\n\n  * Fix CVE-2099-0777.\n\n"
        " -- Demo Maintainer <demo@example.org>  Mon, 01 Jun 2026 10:00:00 +0200\n\n"
        "lostdemo (1.0-1) unstable; urgency=medium\n\n  * Initial release.\n\n"
        " -- Demo Maintainer <demo@example.org>  Mon, 01 Jan 2026 10:00:00 +0100\n");
  auto imported = patchplan({"--db", db(), "feeds", "import-changelogs", extra.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("cached 1 changelogs"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("from 2 files"), std::string::npos) << imported.out;
  EXPECT_TRUE(fs::is_regular_file(scratch().path() / "state/changelogs" /
                                  "lostdemo_1.0-2+deb12u1.changelog.gz"));
  nlohmann::json doc = assess_json();
  EXPECT_EQ(findings_of(doc, "lostdemo", "CVE-2099-0777"), 1u);
  EXPECT_EQ(findings_of(doc, "vulndemo", "CVE-2099-0002"), 1u);  // the fetched one stays
}

TEST_F(CliFetchChangelogsTest, NothingPendingAndNothingCachedLeavesTheFeedAlone) {
  make_host(false);
  write(root() / "var/lib/dpkg/status",
        status_stanza("dpkg", "", "1.21.22") + status_stanza("vulndemo", "", kVulndemoVersion));
  fs::path cache = scratch().path() / "fresh-cache";
  auto result = patchplan({"--db", db(), "--root", root().string(), "feeds", "fetch-changelogs",
                           "--cache", cache.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("fetchhost: 0 pending updates, 0 changelogs from cache, 0 extracted"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("no changelog cached: the changelog feed is left as it was"),
            std::string::npos)
      << result.out;
  EXPECT_TRUE(fs::is_directory(cache));
}

TEST_F(CliFetchChangelogsTest, CacheThatIsAFileIsAClearError) {
  make_host(false);
  fs::path file = scratch().path() / "not-a-dir";
  write(file, "x\n");
  auto result = fetch({"--cache", file.string()});
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.err.find("cannot use changelog cache '" + file.string() + "': not a directory"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << result.err;
}

}  // namespace
}  // namespace patchplan::testing
