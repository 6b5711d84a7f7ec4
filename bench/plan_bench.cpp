// plan: the planner on 10,000 hosts with their pending updates and findings, in five
// zones and three classes, under the default policy's rings, then the plan document's
// JSON write; wall time and peak RSS of each.
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>

#include "plan/plan_json.hpp"
#include "plan/planner.hpp"
#include "plan/policy_loader.hpp"
#include "plan_fleet.hpp"

namespace {

using namespace patchplan::plan;
using patchplan::bench::kFindingsPerHost;
using patchplan::bench::kFleetHosts;
using patchplan::bench::kUpdatesPerHost;

constexpr int kHosts = kFleetHosts;

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main() {
  auto policy = parse_policy(patchplan::bench::kFleetPolicy, "bench-policy");
  auto hosts = parse_hosts(patchplan::bench::fleet_hosts_yaml(kHosts), "bench-hosts");
  if (!policy || !hosts) {
    std::fputs("cannot parse the bench policy or hosts\n", stderr);
    return 1;
  }
  PlanInput input;
  input.policy = &*policy;
  input.hosts = &*hosts;
  input.now = *parse_instant("2026-12-04T12:00Z");
  input.findings = patchplan::bench::fleet_findings(kHosts, input.now);
  const long rss_inputs = peak_rss_kib();

  // Twice, to show the plan is deterministic (same digest) and the second run's cost.
  std::uint64_t first_digest = 0;
  for (int run = 0; run < 2; ++run) {
    auto start = std::chrono::steady_clock::now();
    auto plan = make_plan(input);
    auto planned = std::chrono::steady_clock::now();
    if (!plan) {
      fmt::print(stderr, "plan failed: {}\n", plan.error().message);
      return 1;
    }
    const long rss_planned = peak_rss_kib();
    std::size_t placed = 0;
    std::size_t updates = 0;
    std::uint64_t digest = 1469598103934665603ULL;
    for (const auto& wave : plan->waves) {
      placed += wave.hosts.size();
      for (const auto& host : wave.hosts) {
        updates += host.updates.size();
        for (const auto& u : host.updates) {
          for (char c : host.host + u.package + u.candidate_version) {
            digest = (digest ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
          }
          digest = (digest ^ static_cast<std::uint64_t>(host.slot.time_since_epoch().count())) *
                   1099511628211ULL;
        }
      }
    }
    fmt::print(
        "run {}: {} hosts, {} pending updates, {} findings -> {} waves, {} host placements, "
        "{} planned updates, {} emergencies, {} near-breaches; plan {:.3f} s, peak RSS {} MB "
        "(inputs {} MB), digest {:016x}\n",
        run + 1, kHosts, kHosts * kUpdatesPerHost, kHosts * kFindingsPerHost, plan->waves.size(),
        placed, updates, plan->emergencies.size(), plan->near_breaches.size(),
        std::chrono::duration<double>(planned - start).count(), rss_planned >> 10, rss_inputs >> 10,
        digest);
    if (run == 0) first_digest = digest;
    if (run == 1 && digest != first_digest) {
      std::fputs("not deterministic: the two runs differ\n", stderr);
      return 1;
    }
    if (run == 1) {
      auto json_start = std::chrono::steady_clock::now();
      std::string document = plan_json(*plan);
      auto json_done = std::chrono::steady_clock::now();
      fmt::print(
          "plan document (what `plan --json` prints and the store keeps): {} MB in {:.3f} s, "
          "peak RSS then {} MB\n",
          document.size() >> 20, std::chrono::duration<double>(json_done - json_start).count(),
          peak_rss_kib() >> 10);
    }
  }
  return 0;
}
