// plan_store: the whole `patchplan plan` path on 10,000 hosts: a store holding each host's
// assessment snapshot (the plan benchmark's fleet), then the binary reading them, planning,
// writing and storing the plan document and printing it (text, then --json); wall, peak RSS.
#include <fmt/format.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "command_timer.hpp"
#include "plan_fleet.hpp"
#include "store/store.hpp"

namespace {

using namespace patchplan;

constexpr const char* kNow = "2026-12-04T12:00Z";

bool write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

// One snapshot per host, an hour before kNow, as `patchplan assess` would have stored it.
Expected<int> fill_store(const std::string& db_path, int hosts) {
  auto db = store::Store::open(db_path);
  if (!db) return db.error();
  const plan::Instant now = *plan::parse_instant(kNow);
  const auto fleet = bench::fleet_findings(hosts, now);
  for (const auto& host : fleet) {
    std::vector<store::PendingUpdate> pending;
    for (const auto& p : host.updates) {
      pending.push_back({p.package, p.architecture, p.installed_version, p.candidate_version,
                         p.package, "bookworm-security", p.security});
    }
    auto recorded = db->assessments().record_assessment(
        host.host, store::Timestamp(host.assessed_at), bench::fleet_snapshot(host), pending);
    if (!recorded) return recorded.error();
  }
  return hosts;
}

// fill_store in a child process: the fleet's memory would otherwise count in the
// measured runs' peak RSS (a forked child's ru_maxrss includes what it inherited).
bool fill_store_in_child(const std::string& db_path, int hosts) {
  const pid_t child = ::fork();
  if (child == 0) {
    auto filled = fill_store(db_path, hosts);
    if (!filled) fmt::print(stderr, "cannot fill the store: {}\n", filled.error().message);
    ::_exit(filled ? 0 : 1);
  }
  int status = 0;
  return child > 0 && ::waitpid(child, &status, 0) == child && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0;
}

}  // namespace

// plan_store_bench [PATCHPLAN [HOSTS [KEEP_DIR]]]: with KEEP_DIR the store, policy and hosts
// files are made there and kept, to time the printed command again (e.g. /usr/bin/time -v).
int main(int argc, char** argv) {
  const std::string binary = argc > 1 ? argv[1] : PATCHPLAN_BINARY;
  const int hosts = argc > 2 ? std::atoi(argv[2]) : bench::kFleetHosts;
  const bool keep = argc > 3;
  char dir_template[] = "/tmp/patchplan-plan-store-bench-XXXXXX";
  if (keep) {
    std::error_code made;
    std::filesystem::create_directories(argv[3], made);
    if (made || !std::filesystem::is_empty(argv[3])) {
      fmt::print(stderr, "'{}' is not a new or empty folder\n", argv[3]);
      return 1;
    }
  } else if (::mkdtemp(dir_template) == nullptr) {
    fmt::print(stderr, "cannot make a temporary folder\n");
    return 1;
  }
  const std::filesystem::path dir = keep ? argv[3] : dir_template;
  const std::string db = (dir / "db.sqlite").string();
  const auto policy = dir / "policy.yaml";
  const auto hosts_file = dir / "hosts.yaml";
  int status = 0;
  auto filled_start = std::chrono::steady_clock::now();
  if (!fill_store_in_child(db, hosts)) {
    status = 1;
  } else if (!write_file(policy, bench::kFleetPolicy) ||
             !write_file(hosts_file, bench::fleet_hosts_yaml(hosts))) {
    fmt::print(stderr, "cannot write the policy or hosts file in '{}'\n", dir.string());
    status = 1;
  } else {
    fmt::print(
        "store: {} hosts' snapshots written in {:.1f} s, {} MB\n", hosts,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - filled_start).count(),
        std::filesystem::file_size(db) >> 20);
    for (bool json : {false, true}) {
      std::vector<std::string> args = {binary, "--db", db, "-q"};
      if (json) args.push_back("--json");
      for (const char* arg : {"plan", "--now", kNow, "--policy"}) args.emplace_back(arg);
      args.push_back(policy.string());
      args.push_back("--hosts");
      args.push_back(hosts_file.string());
      const auto out = dir / (json ? "plan.json" : "plan.txt");
      auto run = bench::run_command(args, out.string());
      std::string line;
      for (const auto& arg : args) line += (line.empty() ? "" : " ") + arg;
      fmt::print("{} > {}\n", line, out.string());
      fmt::print("patchplan {}plan: exit {}, {:.2f} s wall, peak RSS {} MB, output {} MB\n",
                 json ? "--json " : "", run.exit_status, run.wall_seconds, run.peak_rss_kib >> 10,
                 std::filesystem::file_size(out) >> 20);
      if (run.exit_status != 0) status = 1;
    }
  }
  std::error_code ignored;
  if (!keep) std::filesystem::remove_all(dir, ignored);
  return status;
}
