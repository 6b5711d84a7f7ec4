// Issue 3's done-criterion: on the real host root builder-cpp, with the shared Debian
// changelogs as the only source, the findings are exactly the (installed binary, CVE)
// pairs named in changelog entries newer than the installed source version and not newer
// than the candidate. The expectation is built without patchplan's own readers: the
// changelog table (TSV), dpkg-query for what is installed, apt-cache policy for the
// candidates, the archive's binary-to-source table, and libdpkg for version order.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "assessment/host_assessment.hpp"
#include "common/tests/run_process.hpp"
#include "common/tests/test_files.hpp"
#include "feeds/changelog_import.hpp"
#include "updates/tests/apt_oracle.hpp"
#include "versions/tests/dpkg_oracle.hpp"
#include "vulns/vulnerability_matcher.hpp"

namespace patchplan::vulns {
namespace {

namespace fs = std::filesystem;
using Pairs = std::set<std::string>;  // "binary:arch CVE"

const fs::path kShared = fs::path(PATCHPLAN_SHARED_DIR) / "data";
const fs::path kHost = kShared / "hosts/builder-cpp";

std::vector<std::vector<std::string>> read_tsv(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream split(line);
    std::string field;
    while (std::getline(split, field, '\t')) fields.push_back(field);
    if (!line.empty() && line.back() == '\t') fields.emplace_back();
    rows.push_back(std::move(fields));
  }
  return rows;
}

bool dpkg_less(const std::string& a, const std::string& b) {
  versions::testing::DpkgVersion left(a);
  versions::testing::DpkgVersion right(b);
  return versions::testing::dpkg_compare(left, right) < 0;
}

struct Installed {
  std::string name, arch, version, source, source_version;
};

// dpkg-query on the root: every package whose files are on disk.
std::vector<Installed> dpkg_installed() {
  auto result = patchplan::testing::run_process(
      {"dpkg-query", "--admindir=" + (kHost / "var/lib/dpkg").string(), "-W", "-f",
       "${db:Status-Abbrev}\t${Package}\t${Architecture}\t${Version}\t${source:Package}\t"
       "${source:Version}\n"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::vector<Installed> packages;
  std::stringstream lines(result.out);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    std::stringstream split(line);
    std::string field;
    while (std::getline(split, field, '\t')) f.push_back(field);
    if (f.size() != 6 || f[0].size() < 2 || f[0][1] == 'n' || f[0][1] == 'c') continue;
    packages.push_back({f[1], f[2], f[3], f[4], f[5]});
  }
  return packages;
}

Pairs expected_pairs() {
  std::vector<Installed> installed = dpkg_installed();
  std::vector<std::string> names;
  for (const Installed& package : installed) names.push_back(package.name + ":" + package.arch);

  patchplan::testing::TempDir work;
  updates::testing::AptSandbox sandbox(kHost, work.path(), "amd64");
  std::map<std::string, std::string> candidates = sandbox.candidates(names);

  std::map<std::pair<std::string, std::string>, std::string> source_version_of;
  for (const auto& row : read_tsv(kShared / "debian/bookworm-binary-source.tsv")) {
    source_version_of[{row[0], row[1]}] = row[3];
  }
  std::multimap<std::string, std::pair<std::string, std::string>> entries;  // source -> (V, cves)
  for (const char* table : {"bookworm-security-changelogs.tsv", "bookworm-extra-changelogs.tsv"}) {
    for (const auto& row : read_tsv(kShared / "debian" / table)) {
      if (!row[5].empty()) entries.insert({row[0], {row[1], row[5]}});
    }
  }

  Pairs pairs;
  for (const Installed& package : installed) {
    std::string key = package.name + ":" + package.arch;
    std::string candidate_source_version = package.source_version;
    auto candidate = candidates.find(key);
    if (candidate == candidates.end()) candidate = candidates.find(package.name);
    if (candidate != candidates.end() && candidate->second != "(none)" &&
        candidate->second != package.version) {
      auto found = source_version_of.find({package.name, candidate->second});
      EXPECT_NE(found, source_version_of.end()) << key << " " << candidate->second;
      if (found != source_version_of.end()) candidate_source_version = found->second;
    }
    auto [begin, end] = entries.equal_range(package.source);
    for (auto it = begin; it != end; ++it) {
      const auto& [version, cves] = it->second;
      if (!dpkg_less(package.source_version, version)) continue;
      if (dpkg_less(candidate_source_version, version)) continue;
      std::stringstream split(cves);
      std::string cve;
      while (split >> cve) pairs.insert(key + " " + cve);
    }
  }
  versions::testing::release_dpkg_parse_memory();
  return pairs;
}

TEST(BuilderChangelogsTest, FindingsAreExactlyTheChangelogPairsBetweenInstalledAndCandidate) {
  auto imported = feeds::import_changelogs({(kShared / "debian/changelogs").string()});
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(imported->files, 655u);
  FeedInfo changelogs{feeds::FeedKind::kDebianChangelog,
                      "changelog",
                      true,
                      std::nullopt,
                      default_max_age(feeds::FeedKind::kDebianChangelog),
                      "",
                      std::nullopt};
  AdvisoryIndex index(std::move(imported->advisories), {changelogs}, imported->versions);
  KevIndex kev;
  EpssIndex epss;

  auto root = RootFs::open(kHost.string());
  ASSERT_TRUE(root);
  auto host = assessment::assess_host(*root, {});
  ASSERT_TRUE(host) << host.error().message;
  Findings findings =
      assess_vulnerabilities(*host, index, kev, epss, RankingPolicy::default_policy());

  Pairs ours;
  for (const Finding& finding : findings.fixable) {
    EXPECT_EQ(finding.kind, FindingKind::kFixedByUpdate) << finding.vulnerability();
    ours.insert(fmt::format("{}:{} {}", finding.package->name, finding.package->architecture,
                            finding.vulnerability()));
  }
  EXPECT_TRUE(findings.unfixed.empty());
  EXPECT_TRUE(findings.end_of_life.empty());
  EXPECT_TRUE(findings.undetermined.empty());
  EXPECT_FALSE(findings.complete());  // KEV and EPSS were not given: reported missing

  Pairs expected = expected_pairs();
  EXPECT_GT(expected.size(), 5000u);
  EXPECT_EQ(ours.size(), findings.fixable.size());  // one finding per pair
  std::string difference;
  std::size_t shown = 0;
  for (const std::string& pair : ours) {
    if (!expected.contains(pair) && shown++ < 20) difference += "  only patchplan: " + pair + "\n";
  }
  for (const std::string& pair : expected) {
    if (!ours.contains(pair) && shown++ < 40) difference += "  only expected:  " + pair + "\n";
  }
  EXPECT_EQ(ours, expected) << difference;
}

}  // namespace
}  // namespace patchplan::vulns
