// Benchmark: patchplan's version order against libdpkg's, on every pair of versions of the
// same package in the shared archive indexes (bookworm and trixie, 2026-12-04).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstddef>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "versions/deb_version.hpp"
#include "versions/tests/archive_versions.hpp"
#include "versions/tests/dpkg_oracle.hpp"

namespace patchplan::versions {
namespace {

// The real pairs, as strings and pre-parsed by both sides.
struct Corpus {
  std::vector<std::pair<std::string, std::string>> texts;
  std::vector<std::pair<DebVersion, DebVersion>> ours;
  std::vector<std::pair<testing::DpkgVersion, testing::DpkgVersion>> dpkg;
};

Corpus load_corpus() {
  Expected<std::vector<testing::PackageVersion>> versions =
      testing::read_archive_versions(PATCHPLAN_SHARED_DIR);
  if (!versions) {
    fmt::print(stderr, "version_compare_bench: {}\n", versions.error().message);
    std::exit(1);
  }
  Corpus corpus;
  corpus.texts = testing::same_package_pairs(*versions);
  for (const auto& [a, b] : corpus.texts) {
    Expected<DebVersion> a_version = parse_deb_version(a);
    Expected<DebVersion> b_version = parse_deb_version(b);
    if (!a_version || !b_version) {
      fmt::print(stderr, "version_compare_bench: {}\n",
                 (a_version ? b_version.error() : a_version.error()).message);
      std::exit(1);
    }
    corpus.ours.emplace_back(std::move(*a_version), std::move(*b_version));
    corpus.dpkg.emplace_back(testing::DpkgVersion(a), testing::DpkgVersion(b));
  }
  return corpus;
}

const Corpus& corpus() {
  static const Corpus loaded = load_corpus();
  return loaded;
}

void count_pairs(benchmark::State& state) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(corpus().texts.size()));
}

// The hot path: two valid version strings, no allocation.
void BM_PatchplanCompareStrings(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& [a, b] : corpus().texts) {
      benchmark::DoNotOptimize(compare_deb_version_strings(a, b));
    }
  }
  count_pairs(state);
}
BENCHMARK(BM_PatchplanCompareStrings);

// libdpkg on versions parsed beforehand, which our string compare does not need.
void BM_DpkgComparePreparsed(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& [a, b] : corpus().dpkg) {
      benchmark::DoNotOptimize(dpkg_version_compare(&a.get(), &b.get()));
    }
  }
  count_pairs(state);
}
BENCHMARK(BM_DpkgComparePreparsed);

// Our order on versions parsed beforehand.
void BM_PatchplanComparePreparsed(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& [a, b] : corpus().ours) {
      benchmark::DoNotOptimize(compare_deb_versions(a, b));
    }
  }
  count_pairs(state);
}
BENCHMARK(BM_PatchplanComparePreparsed);

// libdpkg from strings: parseversion twice, then dpkg_version_compare.
void BM_DpkgParseAndCompare(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& [a, b] : corpus().texts) {
      benchmark::DoNotOptimize(testing::dpkg_parse_and_compare(a.c_str(), b.c_str()));
    }
    testing::release_dpkg_parse_memory();
  }
  count_pairs(state);
}
BENCHMARK(BM_DpkgParseAndCompare);

// Our order from strings with validation, the cost of compare_checked.
void BM_PatchplanCompareChecked(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& [a, b] : corpus().texts) {
      benchmark::DoNotOptimize(compare_checked(a, b).has_value());
    }
  }
  count_pairs(state);
}
BENCHMARK(BM_PatchplanCompareChecked);

}  // namespace
}  // namespace patchplan::versions

// Reads the corpus before any timing starts, so that no benchmark pays for it.
int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  fmt::print(stderr, "version_compare_bench: {} pairs of versions of the same package\n",
             patchplan::versions::corpus().texts.size());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
