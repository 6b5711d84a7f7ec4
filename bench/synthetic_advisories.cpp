// The synthetic full-size tracker for the matcher benchmark.
#include "synthetic_advisories.hpp"

#include <fmt/format.h>

#include <fstream>
#include <random>
#include <set>
#include <sstream>

namespace patchplan::bench {
namespace {

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream split(line);
  std::string field;
  while (std::getline(split, field, '\t')) out.push_back(field);
  return out;
}

}  // namespace

SyntheticInput read_synthetic_input(const std::string& shared_dir) {
  SyntheticInput input;
  std::set<std::string> cves;
  const std::string debian = shared_dir + "/data/debian/";
  std::ifstream binaries(debian + "bookworm-binary-source.tsv");
  std::string line;
  std::getline(binaries, line);
  while (std::getline(binaries, line)) {
    auto f = fields(line);
    if (f.size() >= 4) input.sources[f[2]].versions.push_back(f[3]);
  }
  for (const char* table : {"bookworm-security-changelogs.tsv", "bookworm-extra-changelogs.tsv"}) {
    std::ifstream in(debian + table);
    std::getline(in, line);
    while (std::getline(in, line)) {
      auto f = fields(line);
      if (f.size() < 2) continue;
      input.sources[f[0]].versions.push_back(f[1]);
      if (f.size() >= 6) {
        std::stringstream ids(f[5]);
        std::string id;
        while (ids >> id) cves.insert(id);
      }
    }
  }
  input.cve_ids.assign(cves.begin(), cves.end());
  return input;
}

std::vector<feeds::SourceAdvisory> make_tracker_advisories(const SyntheticInput& input,
                                                           std::size_t target, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<feeds::SourceAdvisory> advisories;
  advisories.reserve(target + 1000);
  const char* releases[] = {"bullseye", "bookworm", "trixie"};
  const char* urgencies[] = {"low", "medium", "medium", "high", "unimportant", "not yet assigned"};
  // Per source about target / (3 * sources) CVEs on average, skewed: a geometric draw, and
  // the kernel with a twentieth of all.
  const double mean = static_cast<double>(target) / 3.0 / static_cast<double>(input.sources.size());
  std::geometric_distribution<int> per_source(1.0 / (1.0 + mean));
  std::uniform_int_distribution<std::size_t> pick_cve(0, input.cve_ids.size() - 1);
  std::uniform_int_distribution<int> percent(0, 99);
  std::size_t synthetic_id = 0;
  for (const auto& [source, history] : input.sources) {
    int count = source == "linux" ? static_cast<int>(target / 60) : per_source(random);
    for (int i = 0; i < count; ++i) {
      std::string cve = percent(random) < 50 ? input.cve_ids[pick_cve(random)]
                                             : fmt::format("CVE-{}-{}", 2015 + synthetic_id % 11,
                                                           10000 + synthetic_id);
      ++synthetic_id;
      std::uniform_int_distribution<std::size_t> pick_version(0, history.versions.size() - 1);
      for (const char* release : releases) {
        feeds::SourceAdvisory advisory;
        advisory.vulnerability = cve;
        advisory.ecosystem = "debian";
        advisory.release = release;
        advisory.source_package = source;
        advisory.urgency = urgencies[percent(random) % 6];
        int status = percent(random);
        if (status < 65) {
          advisory.status = feeds::AdvisoryStatus::kFixed;
          advisory.fixed_version = history.versions[pick_version(random)];
        } else if (status < 77) {
          advisory.status = feeds::AdvisoryStatus::kNotAffected;
        } else if (status < 89) {
          advisory.status = feeds::AdvisoryStatus::kOpen;
        } else if (status < 95) {
          advisory.status = feeds::AdvisoryStatus::kUndetermined;
        } else {
          advisory.status = feeds::AdvisoryStatus::kEndOfLife;
        }
        if (percent(random) < 30) advisory.cvss_score = percent(random) / 10.0;
        advisories.push_back(std::move(advisory));
      }
    }
  }
  return advisories;
}

}  // namespace patchplan::bench
