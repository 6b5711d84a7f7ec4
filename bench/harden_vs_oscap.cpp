// Benchmark: the native SCAP evaluator (patchplan_harden) against `oscap xccdf eval` on the
// same profile, back to back on this machine. Each engine runs as a child process so that its
// wall time and peak RSS are its own; the native engine is this program re-executed with
// --engine. Prints both, their ratios, and whether every rule result agrees.
//
//   harden_vs_oscap [DATASTREAM] [PROFILE...]     (default: ssg-debian12, standard and
//                                                  anssi_bp28_high)
#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "command_timer.hpp"
#include "harden/content.hpp"
#include "harden/profile_selection.hpp"
#include "harden/rule_results_file.hpp"
#include "harden/xccdf_evaluator.hpp"

namespace {

using patchplan::harden::Content;

// The engine mode: evaluate and write "rule_id result" lines to stdout.
int run_engine(const std::string& datastream, const std::string& profile_name) {
  auto content = Content::load(datastream);
  if (!content) {
    fmt::print(stderr, "{}\n", content.error().message);
    return 1;
  }
  auto profile = patchplan::harden::find_profile(*content->benchmark(), profile_name);
  if (!profile) {
    fmt::print(stderr, "{}\n", profile.error().message);
    return 1;
  }
  auto evaluation = patchplan::harden::evaluate(*content, *profile, {});
  if (!evaluation) {
    fmt::print(stderr, "{}\n", evaluation.error().message);
    return 1;
  }
  for (const auto& result : evaluation->results) {
    fmt::print("{} {}\n", result.rule->id, patchplan::harden::status_name(result.status));
  }
  return evaluation->exit_status();
}

std::map<std::string, std::string> read_ours(const std::string& file) {
  std::map<std::string, std::string> out;
  std::ifstream in(file);
  std::string id, result;
  while (in >> id >> result) out[id] = result;
  return out;
}

std::string self_path() {
  std::error_code ec;
  return std::filesystem::read_symlink("/proc/self/exe", ec).string();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--engine") return run_engine(argv[2], argv[3]);
  std::string datastream = PATCHPLAN_SHARED_DIR "/data/scap/ssg-debian12-ds.xml";
  std::vector<std::string> profiles;
  for (int i = 1; i < argc; ++i) {
    if (i == 1 && std::string(argv[i]).ends_with(".xml")) {
      datastream = argv[i];
    } else {
      profiles.emplace_back(argv[i]);
    }
  }
  if (profiles.empty()) profiles = {"standard", "anssi_bp28_high"};
  const auto dir =
      std::filesystem::temp_directory_path() / fmt::format("harden-vs-oscap-{}", ::getpid());
  std::filesystem::create_directories(dir);

  fmt::print("{:<26} {:>10} {:>10} {:>8} {:>10} {:>10} {:>8}  agreement\n", "profile", "oscap s",
             "ours s", "ratio", "oscap MiB", "ours MiB", "ratio");
  int status = 0;
  for (const std::string& profile : profiles) {
    const std::string results = (dir / (profile + "-oscap.xml")).string();
    const std::string ours_file = (dir / (profile + "-ours.txt")).string();
    const auto oscap = patchplan::bench::run_command(
        {"oscap", "xccdf", "eval", "--profile", profile, "--results", results, datastream});
    const auto ours =
        patchplan::bench::run_command({self_path(), "--engine", datastream, profile}, ours_file);
    // An unreadable oscap result is reported, and then no rule agrees.
    std::map<std::string, std::string> expected;
    if (auto read = patchplan::harden::read_rule_results(results); read) {
      expected = std::move(*read);
    } else {
      fmt::print(stderr, "{}\n", read.error().message);
    }
    const auto actual = read_ours(ours_file);
    std::size_t agree = 0;
    std::vector<std::string> differences;
    for (const auto& [id, result] : expected) {
      auto it = actual.find(id);
      const std::string mine = it == actual.end() ? "missing" : it->second;
      if (mine == result) {
        ++agree;
      } else {
        differences.push_back(fmt::format("{}: oscap {}, ours {}", id, result, mine));
      }
    }
    fmt::print("{:<26} {:>10.2f} {:>10.2f} {:>8.1f} {:>10.1f} {:>10.1f} {:>8.1f}  {}/{}\n", profile,
               oscap.wall_seconds, ours.wall_seconds,
               oscap.wall_seconds / std::max(ours.wall_seconds, 1e-6),
               static_cast<double>(oscap.peak_rss_kib) / 1024.0,
               static_cast<double>(ours.peak_rss_kib) / 1024.0,
               static_cast<double>(oscap.peak_rss_kib) /
                   std::max(1.0, static_cast<double>(ours.peak_rss_kib)),
               agree, expected.size());
    for (const std::string& difference : differences) fmt::print("  {}\n", difference);
    if (!differences.empty() || expected.empty()) status = 1;
  }
  std::filesystem::remove_all(dir);
  return status;
}
