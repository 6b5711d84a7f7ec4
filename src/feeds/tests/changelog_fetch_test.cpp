// Candidate changelogs from .debs: tiny packages built with dpkg-deb (xz, gzip, zstd), a
// local file: repository and an HTTP server on 127.0.0.1 as the host's apt source, and
// the cache by source and version.
#include "feeds/changelog_fetch.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/tests/test_files.hpp"
#include "feeds/changelog_deb.hpp"
#include "feeds/changelog_import.hpp"
#include "feeds/tests/deb_fixture.hpp"
#include "feeds/tests/http_test_server.hpp"
#include "updates/list_file_names.hpp"

namespace patchplan::feeds {
namespace {

namespace fs = std::filesystem;

using testing::build_vulndemo_deb;

std::vector<ChangelogEntry> parse_bytes(const std::string& bytes) {
  patchplan::testing::TempDir dir;
  dir.write("c.gz", bytes);
  auto root = RootFs::open(dir.path().string());
  auto changelog = read_changelog(*root, "c.gz");
  EXPECT_TRUE(changelog) << changelog.error().message;
  return changelog ? changelog->entries : std::vector<ChangelogEntry>{};
}

TEST(ChangelogDebTest, ExtractsTheChangelogFromXzGzipAndZstdPackages) {
  patchplan::testing::TempDir work;
  for (const char* z : {"xz", "gzip", "zstd"}) {
    auto bytes =
        extract_deb_changelog(build_vulndemo_deb(work.path(), "vulndemo", z).string(), "vulndemo");
    ASSERT_TRUE(bytes) << z << ": " << bytes.error().message;
    auto entries = parse_bytes(*bytes);
    ASSERT_EQ(entries.size(), 2u) << z;
    EXPECT_EQ(entries[0].version, "1.0-2+deb12u1");
    EXPECT_EQ(entries[0].cves, std::vector<std::string>{"CVE-2099-0002"});
  }
}

TEST(ChangelogDebTest, DocFolderLinkedToAnotherPackageIsNotFound) {
  patchplan::testing::TempDir work;
  fs::path deb = build_vulndemo_deb(work.path(), "vulndemo-data", "xz", "vulndemo");
  auto bytes = extract_deb_changelog(deb.string(), "vulndemo-data");
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code, ErrorCode::kNotFound);
  EXPECT_NE(bytes.error().message.find("links to 'vulndemo'"), std::string::npos)
      << bytes.error().message;
}

TEST(ChangelogDebTest, BrokenPackagesAreErrorsNamingTheFile) {
  patchplan::testing::TempDir work;
  fs::path text = work.write("not-a.deb", "this is no ar archive\n");
  auto bad = extract_deb_changelog(text.string(), "x");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("not-a.deb"), std::string::npos) << bad.error().message;

  fs::path deb = build_vulndemo_deb(work.path(), "vulndemo", "xz");
  fs::resize_file(deb, fs::file_size(deb) / 2);
  auto cut = extract_deb_changelog(deb.string(), "vulndemo");
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().message.find(deb.filename().string()), std::string::npos)
      << cut.error().message;

  auto missing = extract_deb_changelog((work.path() / "none.deb").string(), "x");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
}

TEST(ChangelogCacheTest, NamesFilesAsTheSharedDataAndRefusesOddNames) {
  EXPECT_EQ(*ChangelogCache::file_name("git", "1:2.39.5-0+deb12u3"),
            "git_1%3a2.39.5-0+deb12u3.changelog.gz");
  EXPECT_FALSE(ChangelogCache::file_name("../etc", "1.0"));
  EXPECT_FALSE(ChangelogCache::file_name("git", "1.0/../../x"));
  patchplan::testing::TempDir dir;
  auto cache = ChangelogCache::open((dir.path() / "cache/sub").string());
  ASSERT_TRUE(cache);
  EXPECT_FALSE(cache->find("git", "1:2.0-1"));
  auto stored = cache->store("git", "1:2.0-1", "bytes");
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(cache->find("git", "1:2.0-1"), *stored);
}

// A host root whose lists carry the stanzas of both binaries for `archive_uri`, and apt's
// view of them: both upgradable to 1.0-2+deb12u1 from that source.
struct LocalHost {
  LocalHost(const fs::path& repo, const std::string& archive_uri) {
    std::string list = updates::uri_to_file_name(archive_uri) +
                       "dists_bookworm-security_main_binary-amd64_Packages";
    std::string stanzas;
    for (const char* package : {"vulndemo-data", "vulndemo"}) {
      stanzas += fmt::format(
          "Package: {0}\nSource: vulndemo\nVersion: 1.0-2+deb12u1\nArchitecture: amd64\n"
          "Filename: pool/main/v/vulndemo/{0}_1.0-2+deb12u1_amd64.deb\n\n",
          package);
      updates::PackageUpdate update;
      update.name = package;
      update.architecture = "amd64";
      update.installed_version = "1.0-1";
      update.candidate_version = "1.0-2+deb12u1";
      update.candidate_architecture = "amd64";
      update.candidate_source = "vulndemo";
      update.candidate_source_version = "1.0-2+deb12u1";
      update.candidate_from = {updates::ReleaseOrigin{}};
      update.candidate_from[0].archive_uri = archive_uri;
      update.is_upgradable = true;
      updates.packages.push_back(update);
    }
    root.write("var/lib/apt/lists/" + list, stanzas);
    fs::path pool = repo / "pool/main/v/vulndemo";
    fs::create_directories(pool);
    fs::copy_file(build_vulndemo_deb(work.path(), "vulndemo", "xz"),
                  pool / "vulndemo_1.0-2+deb12u1_amd64.deb");
    fs::copy_file(build_vulndemo_deb(work.path(), "vulndemo-data", "xz", "vulndemo"),
                  pool / "vulndemo-data_1.0-2+deb12u1_amd64.deb");
  }

  patchplan::testing::TempDir root;
  patchplan::testing::TempDir work;
  updates::UpdateAssessment updates;
};

void expect_fetches_and_caches(const LocalHost& host, const std::string& cache_dir) {
  auto root = RootFs::open(host.root.path().string());
  std::vector<std::string> warnings;
  auto locations = locate_candidate_debs(*root, host.updates, warnings);
  ASSERT_TRUE(locations) << locations.error().message;
  ASSERT_EQ(locations->size(), 2u);
  EXPECT_TRUE(warnings.empty()) << warnings[0];

  auto cache = ChangelogCache::open(cache_dir);
  CandidateChangelogs first = fetch_candidate_changelogs(*locations, *cache);
  ASSERT_EQ(first.files.size(), 1u) << (first.warnings.empty() ? "" : first.warnings[0]);
  EXPECT_EQ(first.extracted, 1u);
  CandidateChangelogs second = fetch_candidate_changelogs(*locations, *cache);
  EXPECT_EQ(second.from_cache, 1u);
  EXPECT_EQ(second.extracted, 0u);

  auto imported = import_changelogs({cache_dir});
  ASSERT_TRUE(imported) << imported.error().message;
  ASSERT_EQ(imported->advisories.size(), 2u);
  EXPECT_EQ(imported->advisories[1].vulnerability, "CVE-2099-0002");
  EXPECT_EQ(imported->advisories[1].fixed_version, "1.0-2+deb12u1");
  EXPECT_EQ(imported->advisories[1].source_package, "vulndemo");
}

TEST(ChangelogFetchTest, FromALocalFileRepositoryThroughTheHostsLists) {
  patchplan::testing::TempDir repo;
  LocalHost host(repo.path(), "file:" + repo.path().string() + "/");
  patchplan::testing::TempDir cache;
  expect_fetches_and_caches(host, cache.path().string());
}

// The response of a mirror serving the files of `folder`, paths %-decoded as apt quotes
// them ("+" is sent as %2b).
std::string serve_file(const fs::path& folder, const testing::HttpRequest& request) {
  std::string path;
  for (std::size_t i = 0; i < request.path.size(); ++i) {
    if (request.path[i] == '%' && i + 2 < request.path.size()) {
      path += static_cast<char>(std::stoi(request.path.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      path += request.path[i];
    }
  }
  fs::path file = folder / path.substr(1);
  if (!fs::is_regular_file(file)) {
    return "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  }
  std::ifstream in(file, std::ios::binary);
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return fmt::format("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                     body.size()) +
         body;
}

TEST(ChangelogFetchTest, FromAnHttpMirrorOnLoopback) {
  patchplan::testing::TempDir repo;
  fs::path folder = repo.path();
  testing::HttpTestServer server(
      [folder](const testing::HttpRequest& request) { return serve_file(folder, request); });
  LocalHost host(repo.path(), server.url("/"));
  patchplan::testing::TempDir cache;
  expect_fetches_and_caches(host, cache.path().string());
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/pool/main/v/vulndemo/vulndemo_1.0-2%2bdeb12u1_amd64.deb");
}

TEST(ChangelogFetchTest, MissingPackageAndUnsupportedSchemeAreWarningsNamingWhy) {
  DebLocation location{"vulndemo",         "1.0-2",     "amd64", "vulndemo", "1.0-2",
                       "ftp://127.0.0.1/", "pool/x.deb"};
  DebLocation gone = location;
  gone.archive_uri = "file:/nonexistent-patchplan-repo/";
  patchplan::testing::TempDir dir;
  auto cache = ChangelogCache::open(dir.path().string());
  CandidateChangelogs result = fetch_candidate_changelogs({location, gone}, *cache);
  EXPECT_TRUE(result.files.empty());
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_NE(result.warnings[0].find("scheme 'ftp' is not supported"), std::string::npos)
      << result.warnings[0];
  EXPECT_NE(result.warnings[0].find("/nonexistent-patchplan-repo/pool/x.deb"), std::string::npos);
}

}  // namespace
}  // namespace patchplan::feeds
