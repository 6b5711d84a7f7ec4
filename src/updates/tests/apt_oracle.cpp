// Running apt as the oracle of the updates tests, and parsing its output.
#include "updates/tests/apt_oracle.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace patchplan::updates::testing {
namespace fs = std::filesystem;

ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& environment) {
  ProcessResult result;
  std::array<int, 2> out_pipe{-1, -1};
  std::array<int, 2> err_pipe{-1, -1};
  if (::pipe2(out_pipe.data(), O_CLOEXEC) != 0 || ::pipe2(err_pipe.data(), O_CLOEXEC) != 0) {
    result.err = "pipe failed";
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);

  std::vector<std::string> env_storage;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text = *entry;
    std::string name(text.substr(0, text.find('=')));
    if (!environment.contains(name)) env_storage.emplace_back(text);
  }
  for (const auto& [name, value] : environment) env_storage.push_back(name + "=" + value);
  std::vector<char*> env;
  for (std::string& entry : env_storage) env.push_back(entry.data());
  env.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> arg_pointers;
  for (std::string& arg : args) arg_pointers.push_back(arg.data());
  arg_pointers.push_back(nullptr);

  pid_t pid = -1;
  int spawned =
      ::posix_spawnp(&pid, arg_pointers[0], &actions, nullptr, arg_pointers.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (spawned != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    result.err = std::string("cannot run ") + argv[0] + ": " + std::strerror(spawned);
    return result;
  }

  std::array<pollfd, 2> fds{pollfd{out_pipe[0], POLLIN, 0}, pollfd{err_pipe[0], POLLIN, 0}};
  std::array<std::string*, 2> sinks{&result.out, &result.err};
  int open_fds = 2;
  while (open_fds > 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) break;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[65536];
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

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
  return run_process(argv, {{"APT_CONFIG", config_.string()}, {"LC_ALL", "C"}});
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
