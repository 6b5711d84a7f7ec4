// expected_changelog_pairs: dpkg-query, apt-cache policy, the TSV tables and libdpkg.
#include "vulns/tests/changelog_expectation.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "common/tests/run_process.hpp"
#include "common/tests/test_files.hpp"
#include "updates/tests/apt_oracle.hpp"
#include "versions/tests/dpkg_oracle.hpp"

namespace patchplan::vulns::testing {
namespace {

namespace fs = std::filesystem;

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
std::vector<Installed> dpkg_installed(const fs::path& host) {
  auto result = patchplan::testing::run_process(
      {"dpkg-query", "--admindir=" + (host / "var/lib/dpkg").string(), "-W", "-f",
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

}  // namespace

Pairs expected_changelog_pairs(const fs::path& host) {
  const fs::path shared = fs::path(PATCHPLAN_SHARED_DIR) / "data";
  std::vector<Installed> installed = dpkg_installed(host);
  std::vector<std::string> names;
  for (const Installed& package : installed) names.push_back(package.name + ":" + package.arch);

  patchplan::testing::TempDir work;
  updates::testing::AptSandbox sandbox(host, work.path(), "amd64");
  std::map<std::string, std::string> candidates = sandbox.candidates(names);

  std::map<std::pair<std::string, std::string>, std::string> source_version_of;
  for (const auto& row : read_tsv(shared / "debian/bookworm-binary-source.tsv")) {
    source_version_of[{row[0], row[1]}] = row[3];
  }
  std::multimap<std::string, std::pair<std::string, std::string>> entries;  // source -> (V, cves)
  for (const char* table : {"bookworm-security-changelogs.tsv", "bookworm-extra-changelogs.tsv"}) {
    for (const auto& row : read_tsv(shared / "debian" / table)) {
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

std::string pair_difference(const Pairs& ours, const Pairs& expected) {
  std::string difference;
  std::size_t shown = 0;
  for (const std::string& pair : ours) {
    if (!expected.contains(pair) && shown++ < 20) difference += "  only patchplan: " + pair + "\n";
  }
  for (const std::string& pair : expected) {
    if (!ours.contains(pair) && shown++ < 40) difference += "  only expected:  " + pair + "\n";
  }
  return difference;
}

}  // namespace patchplan::vulns::testing
