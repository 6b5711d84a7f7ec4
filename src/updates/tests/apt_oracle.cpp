// Running apt as the oracle of the updates tests, and parsing its output.
#include "updates/tests/apt_oracle.hpp"

#include <fstream>
#include <sstream>

namespace patchplan::updates::testing {
namespace fs = std::filesystem;

std::vector<UpgradableLine> parse_apt_list(const std::string& out) {
  std::vector<UpgradableLine> lines;
  std::istringstream stream(out);
  std::string line;
  while (std::getline(stream, line)) {
    std::size_t slash = line.find('/');
    if (slash == std::string::npos || line.starts_with("Listing")) continue;
    std::istringstream fields(line.substr(slash + 1));
    UpgradableLine entry;
    entry.name = line.substr(0, slash);
    fields >> entry.suites >> entry.version >> entry.architecture;
    std::string rest;
    std::getline(fields, rest);
    static constexpr std::string_view kFrom = "[upgradable from: ";
    if (std::size_t from = rest.find(kFrom); from != std::string::npos) {
      entry.from_version = rest.substr(from + kFrom.size());
      if (!entry.from_version.empty() && entry.from_version.back() == ']') {
        entry.from_version.pop_back();
      }
    }
    lines.push_back(std::move(entry));
  }
  return lines;
}

std::map<std::string, std::string> parse_policy_candidates(const std::string& out) {
  std::map<std::string, std::string> candidates;
  std::istringstream stream(out);
  std::string line;
  std::string current;
  while (std::getline(stream, line)) {
    if (!line.empty() && line[0] != ' ' && line.back() == ':') {
      current = line.substr(0, line.size() - 1);
    } else if (line.starts_with("  Candidate: ") && !current.empty()) {
      candidates[current] = line.substr(13);
    }
  }
  return candidates;
}

AptSandbox::AptSandbox(const fs::path& root, const fs::path& work,
                       const std::string& native_architecture, const std::string& extra_config) {
  fs::create_directories(work / "lists" / "partial");
  fs::create_directories(work / "cache");
  fs::path lists = root / "var/lib/apt/lists";
  if (fs::is_directory(lists)) {
    for (const auto& entry : fs::directory_iterator(lists)) {
      if (entry.is_regular_file()) {
        fs::copy_file(entry.path(), work / "lists" / entry.path().filename(),
                      fs::copy_options::overwrite_existing);
      }
    }
  }
  config_ = work / "apt.conf";
  std::string root_dir = fs::absolute(root).string();
  std::ofstream out(config_);
  // Dir is the root, so that apt reads the root's etc/apt (and only that); the status is
  // the root's; lists and caches are the sandbox's.
  out << "Dir \"" << root_dir << "/\";\n"
      << "Dir::State::status \"" << root_dir << "/var/lib/dpkg/status\";\n"
      << "Dir::State::Lists \"" << fs::absolute(work / "lists").string() << "/\";\n"
      << "Dir::Cache \"" << fs::absolute(work / "cache").string() << "/\";\n"
      << "Dir::Cache::pkgcache \"\";\nDir::Cache::srcpkgcache \"\";\n"
      << "Dir::Log \"" << fs::absolute(work).string() << "/\";\n"
      << "APT::Architecture \"" << native_architecture << "\";\n"
      << "Acquire::Languages \"none\";\n"
      << extra_config;
}

ProcessResult AptSandbox::run(const std::vector<std::string>& argv) const {
  return patchplan::testing::run_process(
      argv, with_environment({{"APT_CONFIG", config_.string()}, {"LC_ALL", "C"}}));
}

std::vector<UpgradableLine> AptSandbox::list_upgradable() const {
  return parse_apt_list(run({"apt", "list", "--upgradable"}).out);
}

std::map<std::string, std::string> AptSandbox::candidates(
    const std::vector<std::string>& packages) const {
  std::vector<std::string> argv = {"apt-cache", "policy"};
  argv.insert(argv.end(), packages.begin(), packages.end());
  return parse_policy_candidates(run(argv).out);
}

}  // namespace patchplan::updates::testing
