// Telling one boot of a target from the next: the kernel's boot_id (a random UUID drawn at
// each boot, random(4)), and for a container the identity of its init process, since a
// container restarts without the kernel doing so.
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "deploy/transports.hpp"

namespace patchplan::deploy::detail {
namespace {

// The last pid of the NSpid line: the process's pid in its innermost PID namespace.
std::string innermost_pid(int pid) {
  std::ifstream status(fmt::format("/proc/{}/status", pid));
  std::string line;
  while (std::getline(status, line)) {
    if (!line.starts_with("NSpid:")) continue;
    std::istringstream words(line.substr(6));
    std::string word, last;
    while (words >> word) last = word;
    return last;
  }
  return "";
}

}  // namespace

bool is_pid_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

Expected<std::string> local_boot_id() {
  auto text = read_local_file("/proc/sys/kernel/random/boot_id", 256, "the kernel's boot_id");
  if (!text) return text.error();
  while (!text->empty() && (text->back() == '\n' || text->back() == ' ')) text->pop_back();
  return *text;
}

int container_init(const std::string& root) {
  // The same directory, whatever path leads to it: a container in a mount namespace of its
  // own sees its root as "/", and the tree's path may pass through symbolic links.
  struct stat tree {};
  if (::stat(root.c_str(), &tree) != 0) return 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (!is_pid_name(name)) continue;
    struct stat process_root {};
    if (::stat((entry.path() / "root").c_str(), &process_root) != 0 ||
        process_root.st_dev != tree.st_dev || process_root.st_ino != tree.st_ino) {
      continue;
    }
    int pid = std::stoi(name);
    if (innermost_pid(pid) == "1") return pid;
  }
  return 0;
}

Expected<std::string> init_identity(int pid) {
  // /proc/PID/stat: the start time (field 22, clock ticks after boot) follows the command,
  // which may hold spaces and parentheses: count from the last ')'.
  auto stat = read_local_file(fmt::format("/proc/{}/stat", pid), 4096, "the init's stat");
  if (!stat) return stat.error();
  std::size_t close = stat->rfind(')');
  if (close == std::string::npos) {
    return make_error(ErrorCode::kIo, "/proc/{}/stat has no command field", pid);
  }
  std::istringstream fields(stat->substr(close + 1));
  std::string field;
  for (int index = 3; index <= 22 && fields >> field; ++index) {
  }
  auto boot = local_boot_id();
  if (!boot) return boot.error();
  return fmt::format("init {} started at {} in boot {}", pid, field, *boot);
}

Command startup_wait_command(std::chrono::milliseconds timeout) {
  Command command = make_command(Tool::kPlain, {"systemctl", "is-system-running", "--wait"});
  command.timeout = timeout;
  return command;
}

Command inside_container(int pid, Command command) {
  std::vector<std::string> enter{
      "nsenter", "--target", std::to_string(pid), "--mount", "--uts", "--ipc",
      "--net",   "--pid",    "--cgroup",          "--root",  "--wd"};
  command.argv.insert(command.argv.begin(), enter.begin(), enter.end());
  return command;
}

Command reboot_command(bool systemd, std::chrono::milliseconds timeout) {
  Command command = systemd ? make_command(Tool::kPlain, {"systemctl", "reboot"})
                            : make_command(Tool::kPlain, {"shutdown", "-r", "now"});
  command.timeout = timeout;
  return command;
}

}  // namespace patchplan::deploy::detail
