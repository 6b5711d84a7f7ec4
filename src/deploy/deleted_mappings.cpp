// Processes mapping deleted files, found the way needrestart does (/proc/PID/maps lines
// whose path ends in " (deleted)", executable mappings only; needrestart 3.6
// NeedRestart.pm), without its interpreter and container checks.
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
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c)) != 0;
        })) {
      continue;
    }
    int pid = std::stoi(name);
    std::ifstream maps(entry.path() / "maps");
    std::string line;
    std::vector<std::string> paths;
    while (std::getline(maps, line)) {
      std::string path = deleted_executable_path(line);
      if (path.empty()) continue;
      std::string shown = view(pid, path);
      if (!shown.empty() && std::find(paths.begin(), paths.end(), shown) == paths.end()) {
        paths.push_back(shown);
      }
    }
    if (paths.empty()) continue;
    std::string command;
    std::ifstream comm(entry.path() / "comm");
    std::getline(comm, command);
    for (auto& path : paths) found.push_back({pid, command, std::move(path)});
  }
  return found;
}

}  // namespace patchplan::deploy::detail
