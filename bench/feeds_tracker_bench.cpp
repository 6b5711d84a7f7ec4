// feeds_tracker_bench: generates a full-size Debian Security Tracker JSON from the real
// bookworm package data, then times its import into a fresh store (target: under 5 s,
// database write included) and reports the peak memory of the import.
//
// How the file is made: every (source, CVE) pair that a bookworm-security changelog names
// (../shared/data/debian/bookworm-security-changelogs.tsv) becomes an issue of that source,
// fixed in bookworm at the changelog entry's version; then every other bookworm source
// package (bookworm-binary-source.tsv, with its real version) gets synthetic issues
// (CVE-YEAR-NNNNN, deterministic pseudo-random) until the file reaches the requested size,
// 70 MB by default, the size of the tracker's export. Each issue has the releases buster
// (end-of-life), bullseye, bookworm, trixie and sid, with the tracker's mix of statuses:
// resolved with a version, resolved "0" (not affected), open with and without no-dsa,
// undetermined, urgencies with "**". The layout is the tracker's: compact JSON,
// {source: {issue: {description, scope, releases: {codename: {status, repositories,
// fixed_version, urgency, nodsa, nodsa_reason}}}}}.
//
// Usage: feeds_tracker_bench [--size-mb N] [--keep DIR]
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/byte_source.hpp"
#include "feeds/feed_import.hpp"
#include "feeds/release_advisories.hpp"
#include "feeds/tracker_json.hpp"
#include "store/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr const char* kData = PATCHPLAN_SHARED_DIR "/data/debian/";

struct Issue {
  std::string id;
  std::string fixed;  // bookworm fixed version ("" for synthetic: the source version)
  std::string urgency;
};

// A small deterministic generator (64-bit LCG, Knuth's MMIX constants).
struct Random {
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  std::uint64_t next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
};

std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, separator)) fields.push_back(field);
  return fields;
}

// source -> version in bookworm (the highest suite line wins: bookworm-security last).
std::map<std::string, std::string> read_sources() {
  std::map<std::string, std::string> versions;
  std::ifstream in(std::string(kData) + "bookworm-binary-source.tsv");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const auto f = split(line, '\t');
    if (f.size() >= 5) versions[f[2]] = f[3];
  }
  return versions;
}

// source -> issues named by its bookworm-security changelog entries.
std::map<std::string, std::vector<Issue>> read_changelog_issues() {
  std::map<std::string, std::vector<Issue>> issues;
  std::map<std::string, std::set<std::string>> seen;
  std::ifstream in(std::string(kData) + "bookworm-security-changelogs.tsv");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const auto f = split(line, '\t');
    if (f.size() < 6 || f[5].empty()) continue;
    for (const auto& cve : split(f[5], ' ')) {
      if (cve.empty() || !seen[f[0]].insert(cve).second) continue;
      issues[f[0]].push_back({cve, f[1], f[3]});
    }
  }
  return issues;
}

// One release entry in the tracker's compact form.
void release_entry(std::string& out, Random& random, const char* codename,
                   const std::string& version, const std::string& fixed,
                   const std::string& urgency) {
  const auto roll = random.below(100);
  fmt::format_to(std::back_inserter(out), R"("{}":{{)", codename);
  if (std::strcmp(codename, "buster") == 0) {
    fmt::format_to(std::back_inserter(out),
                   R"("status":"open","repositories":{{"buster":"{}"}},"urgency":"end-of-life"}})",
                   version);
    return;
  }
  if (roll < 62) {
    fmt::format_to(std::back_inserter(out),
                   R"("status":"resolved","repositories":{{"{}":"{}"}},"fixed_version":"{}",)"
                   R"("urgency":"{}"}})",
                   codename, version, fixed, urgency);
  } else if (roll < 72) {
    fmt::format_to(std::back_inserter(out),
                   R"("status":"resolved","repositories":{{"{}":"{}"}},"fixed_version":"0",)"
                   R"("urgency":"unimportant"}})",
                   codename, version);
  } else if (roll < 84) {
    fmt::format_to(std::back_inserter(out),
                   R"("status":"open","repositories":{{"{}":"{}"}},"urgency":"not yet assigned",)"
                   R"("nodsa":"Minor issue","nodsa_reason":"postponed"}})",
                   codename, version);
  } else if (roll < 95) {
    fmt::format_to(std::back_inserter(out),
                   R"("status":"open","repositories":{{"{}":"{}"}},"urgency":"{}**"}})", codename,
                   version, roll < 90 ? "low" : "medium");
  } else {
    fmt::format_to(std::back_inserter(out),
                   R"("status":"undetermined","repositories":{{"{}":"{}"}},)"
                   R"("urgency":"not yet assigned"}})",
                   codename, version);
  }
}

void issue_entry(std::string& out, Random& random, const Issue& issue, const std::string& source,
                 const std::string& version) {
  const std::string fixed = issue.fixed.empty() ? version : issue.fixed;
  fmt::format_to(std::back_inserter(out),
                 R"("{}":{{"description":"A flaw was found in {} that allows a remote attacker )"
                 R"(to cause a denial of service or possibly execute arbitrary code via crafted )"
                 R"(input ({}).","scope":"{}","releases":{{)",
                 issue.id, source, issue.id, random.below(3) == 0 ? "local" : "remote");
  const char* releases[] = {"buster", "bullseye", "bookworm", "trixie", "sid"};
  for (std::size_t i = 0; i < std::size(releases); ++i) {
    if (i > 0) out += ',';
    release_entry(out, random, releases[i], version, fixed,
                  issue.urgency.empty() ? "not yet assigned" : issue.urgency);
  }
  out += "}}";
}

struct Generated {
  std::uint64_t bytes = 0, packages = 0, issues = 0;
};

Generated generate(const std::string& path, std::uint64_t target_bytes) {
  const auto sources = read_sources();
  const auto changelog = read_changelog_issues();
  std::ofstream file(path, std::ios::binary);
  Random random;
  Generated made;
  std::string out = "{";
  std::uint64_t written = 0;
  std::size_t left = sources.size();
  double issue_bytes = 900;
  for (const auto& [source, version] : sources) {
    std::vector<Issue> issues;
    if (const auto it = changelog.find(source); it != changelog.end()) issues = it->second;
    const double budget = static_cast<double>(target_bytes) - static_cast<double>(written);
    const double mean = budget > 0 ? budget / issue_bytes / static_cast<double>(left) : 0;
    const auto synthetic = static_cast<std::uint64_t>(
        mean * 2 * static_cast<double>(random.below(1000)) / 1000.0 + 0.5);
    for (std::uint64_t i = 0; i < synthetic; ++i) {
      issues.push_back(
          {fmt::format("CVE-{}-{}", 2014 + random.below(13), 1000 + random.below(60000)), "", ""});
    }
    --left;
    if (issues.empty()) continue;
    const std::size_t before = out.size();
    fmt::format_to(std::back_inserter(out), R"({}"{}":{{)", made.packages == 0 ? "" : ",", source);
    std::set<std::string> ids;
    bool first = true;
    for (const auto& issue : issues) {
      if (!ids.insert(issue.id).second) continue;
      if (!first) out += ',';
      first = false;
      issue_entry(out, random, issue, source, version);
      ++made.issues;
    }
    out += '}';
    ++made.packages;
    written += out.size() - before;
    issue_bytes = static_cast<double>(written) / static_cast<double>(made.issues);
    if (out.size() > (1u << 20)) {
      file.write(out.data(), static_cast<std::streamsize>(out.size()));
      out.clear();
    }
  }
  out += '}';
  file.write(out.data(), static_cast<std::streamsize>(out.size()));
  made.bytes = fs::file_size(path);
  return made;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Runs `work` in a child process and returns its peak resident set (KiB) from wait4; prints
// the child's CPU time, which unlike the wall time does not depend on other load.
template <typename Work>
long in_child(Work work) {
  std::fflush(stdout);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int code = work();
    std::fflush(stdout);
    ::_exit(code);
  }
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fmt::print("child failed (status {})\n", status);
    std::exit(1);
  }
  const auto cpu = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  fmt::print("              CPU {:.2f} s user, {:.2f} s system\n", cpu(usage.ru_utime),
             cpu(usage.ru_stime));
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t size_mb = 70;
  std::string keep;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string_view(argv[i]) == "--size-mb") size_mb = std::stoull(argv[i + 1]);
    if (std::string_view(argv[i]) == "--keep") keep = argv[i + 1];
  }
  const fs::path dir = keep.empty()
                           ? fs::temp_directory_path() / fmt::format("feeds-bench-{}", ::getpid())
                           : fs::path(keep);
  fs::create_directories(dir);
  const std::string json = (dir / "tracker.json").string();
  const std::string db = (dir / "state" / "patchplan.db").string();
  fs::remove_all(dir / "state");

  auto start = Clock::now();
  const Generated made = generate(json, size_mb << 20);
  fmt::print("generated {}: {:.1f} MB, {} packages, {} issues, {} release entries ({:.2f} s)\n",
             json, static_cast<double>(made.bytes) / 1e6, made.packages, made.issues,
             made.issues * 5, seconds_since(start));

  const long parse_rss = in_child([&] {
    auto root = patchplan::RootFs::open("/");
    auto source = patchplan::open_byte_source(*root, json);
    patchplan::feeds::TrackerStats stats;
    const auto begin = Clock::now();
    auto status = patchplan::feeds::read_tracker_json(
        **source, [](const patchplan::feeds::SourceAdvisory&) { return patchplan::ok(); }, stats);
    if (!status) return fmt::print("{}\n", status.error().message), 1;
    const double took = seconds_since(begin);
    fmt::print("parse only:   {:.2f} s, {:.0f} MB/s, {} records\n", took,
               static_cast<double>(made.bytes) / 1e6 / took, stats.records);
    return 0;
  });
  fmt::print("              peak RSS {:.1f} MB\n", static_cast<double>(parse_rss) / 1024);

  // One import of the file into the database; the second run replaces the first one's feed.
  const auto import_once = [&](std::string_view label, std::string_view note) {
    return in_child([&] {
      auto store = patchplan::store::Store::open(db);
      if (!store) return fmt::print("{}\n", store.error().message), 1;
      patchplan::feeds::ImportRequest request;
      request.path = json;
      const auto begin = Clock::now();
      auto summary = patchplan::feeds::import_feed_file(
          *store, request, {patchplan::store::current_actor("feeds_tracker_bench"), {}});
      if (!summary) return fmt::print("{}\n", summary.error().message), 1;
      fmt::print("{:<14}{:.2f} s ({}), {} records, database {:.0f} MB\n", label,
                 seconds_since(begin), note, summary->records,
                 static_cast<double>(fs::file_size(db)) / 1e6);
      return 0;
    });
  };
  const long import_rss = import_once("import:", "target < 5 s");
  fmt::print("              peak RSS {:.1f} MB\n", static_cast<double>(import_rss) / 1024);
  const long reimport_rss = import_once("re-import:", "replacing the previous feed");
  fmt::print("              peak RSS {:.1f} MB\n", static_cast<double>(reimport_rss) / 1024);

  const long load_rss = in_child([&] {
    auto store = patchplan::store::Store::open(db);
    if (!store) return fmt::print("{}\n", store.error().message), 1;
    const auto begin = Clock::now();
    auto bookworm =
        patchplan::feeds::load_release_advisories(store->database(), "debian", "bookworm");
    if (!bookworm) return fmt::print("{}\n", bookworm.error().message), 1;
    fmt::print("load bookworm: {:.2f} s, {} advisories of {} sources\n", seconds_since(begin),
               bookworm->size(), bookworm->sources().size());
    return 0;
  });
  fmt::print("              peak RSS {:.1f} MB\n", static_cast<double>(load_rss) / 1024);
  if (keep.empty()) fs::remove_all(dir);
  return 0;
}
