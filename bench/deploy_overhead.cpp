// patchplan's own overhead per host per deployment, against the bare apt-get commands it
// runs, in one run: for each host a pair of identical sandbox roots; on one, the download
// and install commands patchplan would run, timed; on the other, a whole one-host
// deployment (lock, pre-checks, checkpoint, download, install, health, journal), the two
// in alternating order. Three figures, since one pair varies by some 15% run to run: the
// medians' difference, the median of the pairs' differences, and patchplan's own time (the
// deployment minus the commands it ran) against the bare apt-get time.
//   deploy_overhead [HOSTS]   (default 5; needs root, like the deploy tests)
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <vector>

#include "common/tests/test_files.hpp"
#include "deploy/package_commands.hpp"
#include "deploy/rollout.hpp"
#include "deploy/tests/sandbox_root.hpp"

namespace {

using namespace patchplan;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

deploy::ChangeRequest request_for(const std::string& id, const std::string& target) {
  deploy::ChangeRequest request;
  request.change_id = id;
  request.reason = "overhead benchmark";
  request.hosts.push_back({"bench", target, 0, {}, {}, {}, {}});
  request.packages = {{"demo-svc", "all", "1.1-1"}, {"demo-lib", "all", "1.1-1"}};
  request.policy.require_candidate = false;
  return request;
}

}  // namespace

int main(int argc, char** argv) {
  int hosts = argc > 1 ? std::atoi(argv[1]) : 5;
  patchplan::testing::TempDir state;
  std::vector<double> bare, full, own;
  std::int64_t extra_commands = 0;
  fmt::print("{:>4} {:>10} {:>10} {:>10} {:>9}\n", "host", "apt-get s", "deploy s", "own s",
             "overhead");
  for (int i = 0; i < hosts; ++i) {
    deploy::testing::SandboxRoot plain;
    deploy::testing::SandboxRoot managed;
    plain.install({"demo-lib=1.0-1", "demo-svc=1.0-1"});
    managed.install({"demo-lib=1.0-1", "demo-svc=1.0-1"});
    auto request = request_for(fmt::format("bench-{}", i), managed.target());
    std::vector<std::string> words = {"demo-svc=1.1-1", "demo-lib=1.1-1"};

    auto run_bare = [&]() -> bool {
      auto start = Clock::now();
      for (const auto& command : {deploy::download_command(words, request.policy),
                                  deploy::install_command(words, request.policy)}) {
        auto result = plain.transport().run(command);
        if (!result || !result->succeeded()) return false;
      }
      bare.push_back(seconds_since(start));
      return true;
    };
    deploy::RolloutOptions options;
    options.db_path = (state.path() / "patchplan.db").string();
    options.settings.state_dir = (state.path() / "deploy").string();
    options.settings.actor = store::current_actor("deploy_overhead");
    // The pair runs in alternating order, so that neither side always finds the caches warm.
    if (i % 2 == 0 && !run_bare()) {
      fmt::print(stderr, "bare apt-get failed\n");
      return 1;
    }
    auto before = deploy::command_totals();
    auto start = Clock::now();
    auto result = deploy::start_rollout(request, options);
    full.push_back(seconds_since(start));
    auto after = deploy::command_totals();
    if (!result || result->hosts.front().state != "succeeded") {
      fmt::print(stderr, "deployment failed: {}\n",
                 result ? result->hosts.front().outcome : result.error().message);
      return 1;
    }
    if (i % 2 == 1 && !run_bare()) {
      fmt::print(stderr, "bare apt-get failed\n");
      return 1;
    }
    // patchplan's own time: the run minus every command it ran (apt, dpkg-query, ...).
    double commands = std::chrono::duration<double>(after.elapsed - before.elapsed).count();
    own.push_back(full.back() - commands);
    extra_commands += after.commands - before.commands - 2;
    fmt::print("{:>4} {:>10.3f} {:>10.3f} {:>10.3f} {:>8.1f}%\n", i, bare.back(), full.back(),
               own.back(), 100.0 * (full.back() - bare.back()) / bare.back());
  }
  std::vector<double> ratios;
  for (std::size_t i = 0; i < bare.size(); ++i) ratios.push_back((full[i] - bare[i]) / bare[i]);
  double b = median(bare), f = median(full), o = median(own);
  fmt::print(
      "median: bare apt-get {:.3f} s, deployment {:.3f} s: {:.1f}% more; median of the hosts' "
      "overheads {:.1f}%; in-process work (store, journal, parsing) {:.4f} s = {:.1f}% of the "
      "bare apt-get time; {:.1f} extra commands per host (pre-checks, checkpoint, health)\n",
      b, f, 100.0 * (f - b) / b, 100.0 * median(ratios), o, 100.0 * o / b,
      static_cast<double>(extra_commands) / hosts);
  return 0;
}
