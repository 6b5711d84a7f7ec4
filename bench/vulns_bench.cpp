// The matcher at fleet scale: 10,000 hosts made from the nine shared host roots (some
// packages moved back to earlier versions of their changelogs), against a tracker of full
// size plus the real changelogs, KEV snapshot and an EPSS table, in one process on two
// threads. Prints wall time, peak memory, and the distinct (source, version) pairs and
// version comparisons, to show that cost follows pairs, not hosts.
//   vulns_bench [HOSTS] [ADVISORIES]
#include <fmt/format.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "assessment/host_assessment.hpp"
#include "common/byte_source.hpp"
#include "feeds/changelog_import.hpp"
#include "feeds/kev_json.hpp"
#include "synthetic_advisories.hpp"
#include "versions/deb_version.hpp"
#include "vulns/vulnerability_matcher.hpp"

namespace patchplan::bench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double process_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

long peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

struct Data {
  std::unique_ptr<vulns::AdvisoryIndex> advisories;
  vulns::KevIndex kev;
  vulns::EpssIndex epss;
  std::map<std::string, SourceHistory> history;
};

Expected<Data> load_data(const std::string& shared, std::size_t target) {
  Data data;
  SyntheticInput input = read_synthetic_input(shared);
  auto advisories = make_tracker_advisories(input, target, 42);
  std::size_t tracker = advisories.size();
  auto changelogs = feeds::import_changelogs({shared + "/data/debian/changelogs"});
  if (!changelogs) return changelogs.error();
  for (auto& advisory : changelogs->advisories) advisories.push_back(std::move(advisory));
  auto now = store::system_now();
  using feeds::FeedKind;
  std::vector<vulns::FeedInfo> feeds = {
      {FeedKind::kDebianTracker, "tracker", true, now,
       vulns::default_max_age(FeedKind::kDebianTracker), "", std::nullopt},
      {FeedKind::kDebianChangelog, "changelog", true, now, std::nullopt, "", std::nullopt}};
  fmt::print("advisories: {} tracker (synthetic, 3 releases) + {} changelog = {}\n", tracker,
             advisories.size() - tracker, advisories.size());
  data.advisories =
      std::make_unique<vulns::AdvisoryIndex>(std::move(advisories), feeds, changelogs->versions);

  auto root = RootFs::open(shared + "/data/kev");
  if (!root) return root.error();
  auto source = open_byte_source(*root, "known_exploited_vulnerabilities.json");
  if (!source) return source.error();
  auto catalog = feeds::read_kev_json(**source);
  if (!catalog) return catalog.error();
  std::size_t kev_count = catalog->entries.size();
  data.kev = vulns::KevIndex(
      std::move(catalog->entries),
      {FeedKind::kKev, "kev", true, now, std::chrono::hours(24 * 7), "", std::nullopt});
  std::vector<feeds::EpssScore> scores;
  std::mt19937_64 random(7);
  std::exponential_distribution<double> probability(40.0);
  for (const std::string& cve : input.cve_ids) {
    double p = std::min(1.0, probability(random));
    scores.push_back({cve, p, std::min(1.0, p * 10)});
  }
  fmt::print("kev entries: {}, epss scores: {}\n", kev_count, scores.size());
  data.epss = vulns::EpssIndex(std::move(scores), {FeedKind::kEpss, "epss", true, now,
                                                   std::chrono::hours(168), "", std::nullopt});
  data.history = std::move(input.sources);
  return data;
}

// Earlier versions per package of a base host, drawn from its source's history.
using Earlier = std::vector<std::vector<std::string>>;

Earlier earlier_versions(const assessment::HostAssessment& host,
                         const std::map<std::string, SourceHistory>& history) {
  Earlier earlier(host.host.packages.size());
  for (std::size_t i = 0; i < host.host.packages.size(); ++i) {
    const auto& package = host.host.packages[i];
    auto found = history.find(package.source);
    if (found == history.end()) continue;
    // A fleet lags a few updates behind, not decades: the five newest earlier versions.
    std::vector<std::string> older;
    for (const std::string& version : found->second.versions) {
      if (versions::parse_deb_version(version) &&
          versions::compare_deb_version_strings(version, package.source_version) < 0) {
        older.push_back(version);
      }
    }
    std::sort(older.begin(), older.end(), [](const std::string& a, const std::string& b) {
      return versions::compare_deb_version_strings(a, b) > 0;
    });
    older.erase(std::unique(older.begin(), older.end()), older.end());
    if (older.size() > 5) older.resize(5);
    earlier[i] = std::move(older);
  }
  return earlier;
}

assessment::HostAssessment copy_of(const assessment::HostAssessment& host) {
  assessment::HostAssessment copy;
  copy.host = host.host;
  copy.updates = host.updates;
  return copy;
}

struct RunTotals {
  double seconds = 0;
  double cpu_seconds = 0;
  std::size_t findings = 0;
  std::size_t distinct_pairs = 0;
  std::size_t comparisons = 0;
  std::size_t binaries = 0;
};

RunTotals run(const Data& data, const std::vector<assessment::HostAssessment>& bases,
              const std::vector<Earlier>& earlier, std::size_t hosts, bool vary, int threads) {
  const vulns::RankingPolicy policy = vulns::RankingPolicy::default_policy();
  std::vector<RunTotals> totals(static_cast<std::size_t>(threads));
  auto start = Clock::now();
  double cpu_start = process_cpu_seconds();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      vulns::VulnerabilityMatcher matcher(*data.advisories, data.kev, data.epss, policy);
      std::vector<assessment::HostAssessment> own;
      for (const auto& base : bases) own.push_back(copy_of(base));
      RunTotals& mine = totals[static_cast<std::size_t>(t)];
      const auto now = store::system_now();
      vulns::Findings findings;
      for (std::size_t i = static_cast<std::size_t>(t); i < hosts;
           i += static_cast<std::size_t>(threads)) {
        std::size_t b = i % bases.size();
        auto& packages = own[b].host.packages;
        std::vector<std::pair<std::size_t, std::string>> saved;
        if (vary) {
          std::mt19937_64 random(i);
          std::uniform_int_distribution<int> percent(0, 99);
          for (std::size_t p = 0; p < packages.size(); ++p) {
            if (earlier[b][p].empty() || percent(random) >= 5) continue;
            const auto& options = earlier[b][p];
            const std::string& version = options[random() % options.size()];
            saved.emplace_back(p, packages[p].source_version);
            packages[p].source_version = version;
          }
        }
        matcher.assess(own[b], now, findings);
        mine.findings += findings.size();
        for (auto& [p, version] : saved) packages[p].source_version = std::move(version);
      }
      mine.distinct_pairs = matcher.stats().distinct_pairs;
      mine.comparisons = matcher.stats().comparisons;
      mine.binaries = matcher.stats().binaries;
    });
  }
  for (auto& worker : workers) worker.join();
  RunTotals sum;
  sum.seconds = seconds_since(start);
  sum.cpu_seconds = process_cpu_seconds() - cpu_start;
  for (const RunTotals& t : totals) {
    sum.findings += t.findings;
    sum.distinct_pairs += t.distinct_pairs;
    sum.comparisons += t.comparisons;
    sum.binaries += t.binaries;
  }
  return sum;
}

}  // namespace
}  // namespace patchplan::bench

int main(int argc, char** argv) {
  using namespace patchplan;
  using namespace patchplan::bench;
  std::size_t hosts = argc > 1 ? std::stoul(argv[1]) : 10000;
  std::size_t target = argc > 2 ? std::stoul(argv[2]) : 450000;
  const std::string shared = PATCHPLAN_SHARED_DIR;

  auto start = Clock::now();
  auto loaded = load_data(shared, target);
  if (!loaded) {
    fmt::print(stderr, "vulns_bench: {}\n", loaded.error().message);
    return 1;
  }
  Data& data = *loaded;
  fmt::print("feeds loaded and indexed in {:.2f} s ({} sources), peak {} MB\n",
             seconds_since(start), data.advisories->source_count(), peak_rss_mb());

  start = Clock::now();
  std::vector<assessment::HostAssessment> bases;
  std::vector<Earlier> earlier;
  for (const char* name : {"builder-cpp", "cpp", "dotnet", "go", "langs", "python",
                           "python-debian13", "rust", "swift"}) {
    auto root = RootFs::open(shared + "/data/hosts/" + name);
    if (!root) {
      fmt::print(stderr, "vulns_bench: {}\n", root.error().message);
      return 1;
    }
    auto host = assessment::assess_host(*root, {});
    if (!host) {
      fmt::print(stderr, "{}: {}\n", name, host.error().message);
      return 1;
    }
    earlier.push_back(earlier_versions(*host, data.history));
    bases.push_back(std::move(*host));
  }
  fmt::print("9 host roots read and assessed (apt candidates) in {:.2f} s, peak {} MB\n",
             seconds_since(start), peak_rss_mb());

  fmt::print("\n{:<30} {:>6} {:>7} {:>7} {:>9} {:>9} {:>11} {:>10} {:>8}\n", "run", "hosts",
             "wall s", "cpu s", "cpu ms/h", "pairs", "comparisons", "findings", "peak MB");
  struct Case {
    const char* label;
    std::size_t hosts;
    bool vary;
    int threads;
  };
  for (const Case& c : {Case{"9 roots repeated, 2 threads", hosts, false, 2},
                        Case{"varied, 1 thread", hosts / 10, true, 1},
                        Case{"varied, 2 threads", hosts / 10, true, 2},
                        Case{"varied, 2 threads", hosts, true, 2}}) {
    RunTotals totals = run(data, bases, earlier, c.hosts, c.vary, c.threads);
    fmt::print("{:<30} {:>6} {:>7.2f} {:>7.2f} {:>9.3f} {:>9} {:>11} {:>10} {:>8}\n", c.label,
               c.hosts, totals.seconds, totals.cpu_seconds,
               totals.cpu_seconds * 1000 / static_cast<double>(c.hosts), totals.distinct_pairs,
               totals.comparisons, totals.findings, peak_rss_mb());
  }
  return 0;
}
