// Processes mapping deleted files, found the way needrestart does (/proc/PID/maps lines
// whose path ends in " (deleted)", executable mappings only; needrestart 3.6
// NeedRestart.pm), without its interpreter and container checks.
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "deploy/transports.hpp"

namespace patchplan::deploy::detail {
namespace {

constexpr std::string_view kDeletedSuffix = " (deleted)";

// The path of a maps line "start-end perms offset dev inode   path" when it is an
// executable mapping of a deleted file; "" otherwise.
std::string deleted_executable_path(const std::string& line) {
  // Nearly every line maps a file that is still there: decided before any parsing.
  if (!line.ends_with(kDeletedSuffix)) return "";
  std::istringstream fields(line);
  std::string range, perms, offset, device, inode;
  fields >> range >> perms >> offset >> device >> inode;
  if (perms.size() < 3 || perms[2] != 'x') return "";
  std::string path;
  std::getline(fields >> std::ws, path);
  if (path.size() <= kDeletedSuffix.size() || path.front() != '/') return "";
  if (!path.ends_with(kDeletedSuffix)) return "";
  path.resize(path.size() - kDeletedSuffix.size());
  // Anonymous shared memory shows as deleted files too; they are no library.
  if (path.starts_with("/memfd:") || path.starts_with("/dev/shm/") || path.starts_with("/SYSV")) {
    return "";
  }
  return path;
}

}  // namespace

std::vector<DeletedMapping> scan_deleted_mappings(
    const std::function<std::string(int pid, const std::string& path)>& view) {
  std::vector<DeletedMapping> found;
  // readdir and openat on /proc itself: most entries are kernel threads with empty maps,
  // so the cost is in the calls per process, kept to open, read and close.
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return found;
  std::string maps;  // one process's maps, read whole; reused
  char buffer[1u << 16];
  while (const dirent* entry = ::readdir(proc)) {
    const std::string_view name(entry->d_name);
    if (!is_pid_name(name)) continue;
    const std::string maps_path = std::string(name) + "/maps";
    const int fd = ::openat(::dirfd(proc), maps_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;  // gone, or not ours to read
    maps.clear();
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
      maps.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    if (maps.find(kDeletedSuffix) == std::string::npos) continue;
    const int pid = std::atoi(entry->d_name);
    std::vector<std::string> paths;
    std::string_view rest(maps);
    while (!rest.empty()) {
      std::size_t eol = rest.find('\n');
      std::string_view line = rest.substr(0, eol);
      rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 1);
      if (!line.ends_with(kDeletedSuffix)) continue;
      std::string path = deleted_executable_path(std::string(line));
      if (path.empty()) continue;
      std::string shown = view(pid, path);
      if (!shown.empty() && std::find(paths.begin(), paths.end(), shown) == paths.end()) {
        paths.push_back(shown);
      }
    }
    if (paths.empty()) continue;
    std::string command;
    std::ifstream comm(fmt::format("/proc/{}/comm", pid));
    std::getline(comm, command);
    for (auto& path : paths) found.push_back({pid, command, std::move(path)});
  }
  ::closedir(proc);
  return found;
}

}  // namespace patchplan::deploy::detail
