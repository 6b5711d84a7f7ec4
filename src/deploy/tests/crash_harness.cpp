// The crash harness: processes found through /proc/PID/stat's parent field.
#include "deploy/tests/crash_harness.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "store/store.hpp"

namespace patchplan::deploy::testing {
namespace {

std::vector<int> children_of(int parent) {
  std::vector<int> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    // getline, not istreambuf_iterator: a process that exits between the open and the read
    // makes the read fail (ESRCH), which the stream turns into badbit instead of throwing.
    std::ifstream stat(entry.path() / "stat");
    std::string text;
    if (!std::getline(stat, text)) continue;
    std::size_t close = text.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(text.substr(close + 2));
    char state;
    int ppid = 0;
    fields >> state >> ppid;
    if (ppid == parent) out.push_back(std::stoi(name));
  }
  return out;
}

}  // namespace

pid_t start_in_background(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int null_fd = ::open("/dev/null", O_RDWR);
    ::dup2(null_fd, 0);
    ::dup2(null_fd, 1);
    ::dup2(null_fd, 2);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

int journal_count(const std::string& db_path, const std::string& action) {
  auto opened = store::Store::open(db_path);
  if (!opened) return 0;
  auto entries = opened->journal().list({});
  if (!entries) return 0;
  int count = 0;
  for (const auto& entry : *entries) count += entry.change.action == action ? 1 : 0;
  return count;
}

bool wait_for_journal(pid_t pid, const std::string& db_path, const std::string& action,
                      int occurrence, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (journal_count(db_path, action) >= occurrence) return true;
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return false;  // ended before the kill point
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

pid_t hold_frontend_lock(const std::string& root) {
  const std::string path = root + "/var/lib/dpkg/lock-frontend";
  pid_t child = ::fork();
  if (child == 0) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0640);
    flock whole{};
    whole.l_type = F_WRLCK;
    if (::fcntl(fd, F_SETLKW, &whole) != 0) ::_exit(1);
    ::pause();
    ::_exit(0);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  return child;
}

void kill_tree(pid_t root, bool whole_tree) {
  std::set<int> all{root};
  ::kill(root, SIGSTOP);
  for (int round = 0; whole_tree && round < 4; ++round) {
    std::vector<int> frontier(all.begin(), all.end());
    for (int pid : frontier) {
      for (int child : children_of(pid)) {
        if (all.insert(child).second) ::kill(child, SIGSTOP);
      }
    }
  }
  for (int pid : all) ::kill(pid, SIGKILL);
  for (int pid : all) {
    if (pid != root) ::kill(pid, SIGCONT);  // a stopped process dies once continued
  }
  ::waitpid(root, nullptr, 0);
}

}  // namespace patchplan::deploy::testing
