// Benchmark: `patchplan assess` against `apt list --upgradable` on this machine, warm,
// run alternately in one process so both see the same machine state. Prints the median
// wall time and peak memory of each and their ratios.
//
//   assess_vs_apt PATCHPLAN_BINARY [ROUNDS]
#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "command_timer.hpp"

namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: assess_vs_apt PATCHPLAN_BINARY [ROUNDS]\n");
    return 2;
  }
  std::string patchplan = argv[1];
  int rounds = argc > 2 ? std::atoi(argv[2]) : 10;
  std::string db = (std::filesystem::temp_directory_path() / "patchplan-bench.db").string();
  std::filesystem::remove(db);

  std::vector<std::string> ours = {patchplan, "assess", "--db", db};
  std::vector<std::string> apt = {"apt", "list", "--upgradable"};

  // Warm-up: page cache, apt's binary cache, and the database's first snapshot.
  patchplan::bench::run_command(ours);
  patchplan::bench::run_command(apt);

  std::vector<double> our_times, apt_times;
  long our_rss = 0, apt_rss = 0;
  for (int i = 0; i < rounds; ++i) {
    auto a = patchplan::bench::run_command(ours);
    auto b = patchplan::bench::run_command(apt);
    if (a.exit_status != 0 || b.exit_status != 0) {
      fmt::print(stderr, "a command failed: patchplan {} apt {}\n", a.exit_status, b.exit_status);
      return 1;
    }
    our_times.push_back(a.wall_seconds);
    apt_times.push_back(b.wall_seconds);
    our_rss = std::max(our_rss, a.peak_rss_kib);
    apt_rss = std::max(apt_rss, b.peak_rss_kib);
  }
  double ours_s = median(our_times), apt_s = median(apt_times);
  fmt::print("rounds: {}\n", rounds);
  fmt::print("patchplan assess:       median {:.3f} s, peak RSS {:.1f} MiB\n", ours_s,
             static_cast<double>(our_rss) / 1024.0);
  fmt::print("apt list --upgradable:  median {:.3f} s, peak RSS {:.1f} MiB\n", apt_s,
             static_cast<double>(apt_rss) / 1024.0);
  fmt::print("ratio (patchplan / apt): time {:.2f}, memory {:.2f}\n", ours_s / apt_s,
             static_cast<double>(our_rss) / static_cast<double>(apt_rss));
  std::filesystem::remove(db);
  return 0;
}
