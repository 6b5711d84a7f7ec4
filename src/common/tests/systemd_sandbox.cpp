// SystemdSandbox: util-linux's unshare starts a boot script as PID 1 of the new namespaces;
// the script mounts the sandbox's file systems and execs systemd in a chroot.
#include "common/tests/systemd_sandbox.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace patchplan::testing {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Where the cgroup2 hierarchy is mounted ("/sys/fs/cgroup" or, on a hybrid host,
// "/sys/fs/cgroup/unified"), from /proc/self/mountinfo; "" when there is none.
std::string cgroup2_mount() {
  std::istringstream lines(read_text("/proc/self/mountinfo"));
  for (std::string line; std::getline(lines, line);) {
    const auto separator = line.find(" - ");
    if (separator == std::string::npos) continue;
    if (line.compare(separator + 3, 8, "cgroup2 ") != 0) continue;
    std::istringstream fields(line.substr(0, separator));
    std::string id, parent, device, root, mount_point;
    fields >> id >> parent >> device >> root >> mount_point;
    return mount_point;
  }
  return "";
}

// This process's cgroup2 path ("0::/a/b" -> "/a/b").
std::string own_cgroup2_path() {
  std::istringstream lines(read_text("/proc/self/cgroup"));
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("0::")) return line.substr(3);
  }
  return "/";
}

// Mounts, then systemd. Runs as PID 1 of the new PID namespace, in the new mount namespace.
std::string boot_script(const fs::path& root) {
  return fmt::format(R"(#!/bin/sh
set -e
R='{}'
mount --make-rprivate /
mount --bind /usr "$R/usr"
mount -o remount,bind,ro "$R/usr"
mount -t proc proc "$R/proc"
mount --bind "$R/proc/sys" "$R/proc/sys"
mount -o remount,bind,ro "$R/proc/sys"
mount -t sysfs -o ro sysfs "$R/sys"
mount -t cgroup2 cgroup2 "$R/sys/fs/cgroup"
mount -t tmpfs -o mode=755 tmpfs "$R/dev"
for node in null zero full random urandom tty; do
  touch "$R/dev/$node"
  mount --bind "/dev/$node" "$R/dev/$node"
done
mkdir "$R/dev/pts" "$R/dev/shm"
mount -t tmpfs -o mode=755 tmpfs "$R/run"
mount -t tmpfs tmpfs "$R/tmp"
export container=patchplan-test
exec chroot "$R" /lib/systemd/systemd
)",
                     root.string());
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// The root: the units and links of `options`, and what systemd and dbus-daemon need in
// /etc. Units that would reach the machine's console or log-in sessions are masked.
// A symbolic link `at` -> `target`, replacing what a previous boot of the tree left there.
void replace_link(const fs::path& target, const fs::path& at) {
  std::error_code ignored;
  fs::remove(at, ignored);
  fs::create_symlink(target, at);
}

void make_root(const fs::path& root, const SystemdSandbox::Options& options) {
  for (const char* dir :
       {"usr", "proc", "sys", "dev", "run", "tmp", "var/log", "var/lib", "root",
        "etc/systemd/system/multi-user.target.wants", "etc/systemd/system/sockets.target.wants"}) {
    fs::create_directories(root / dir);
  }
  for (const char* dir : {"bin", "sbin", "lib", "lib64"}) {
    replace_link(fmt::format("usr/{}", dir), root / dir);
  }
  for (const char* file : {"passwd", "group"}) {
    fs::copy_file(fs::path("/etc") / file, root / "etc" / file,
                  fs::copy_options::overwrite_existing);
  }
  replace_link("../usr/lib/os-release", root / "etc/os-release");
  write_file(root / "etc/machine-id", "");
  write_file(root / "etc/hostname", "systemd-sandbox\n");
  const fs::path units = root / "etc/systemd/system";
  replace_link("/usr/lib/systemd/system/multi-user.target", units / "default.target");
  replace_link("/usr/lib/systemd/system/dbus.socket", units / "sockets.target.wants/dbus.socket");
  for (const auto& [name, text] : options.units) write_file(units / name, text);
  for (const std::string& name : options.wanted) {
    const fs::path target = options.units.count(name) ? fs::path("..") / name
                                                      : fs::path("/usr/lib/systemd/system") / name;
    replace_link(target, units / "multi-user.target.wants" / name);
  }
  std::vector<std::string> masked = {"console-getty.service", "getty@.service",
                                     "serial-getty@.service", "systemd-logind.service"};
  masked.insert(masked.end(), options.masked.begin(), options.masked.end());
  for (const std::string& name : masked) replace_link("/dev/null", units / name);
}

// A child process of `parent` (field 4 of /proc/PID/stat), or -1.
pid_t child_of(pid_t parent) {
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return -1;
  pid_t found = -1;
  while (dirent* entry = ::readdir(proc)) {
    const std::string stat = read_text(fmt::format("/proc/{}/stat", entry->d_name));
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(stat.substr(close + 1));
    std::string state;
    pid_t ppid = 0;
    fields >> state >> ppid;
    if (ppid == parent) {
      found = static_cast<pid_t>(std::stol(entry->d_name));
      break;
    }
  }
  ::closedir(proc);
  return found;
}

}  // namespace

std::unique_ptr<SystemdSandbox> SystemdSandbox::boot(const Options& options, std::string& error) {
  std::unique_ptr<SystemdSandbox> sandbox(new SystemdSandbox());
  if (!sandbox->start(options, error)) return nullptr;
  return sandbox;
}

bool SystemdSandbox::start(const Options& options, std::string& error) {
  if (::geteuid() != 0) {
    error = "a systemd sandbox needs root";
    return false;
  }
  if (!fs::exists("/lib/systemd/systemd") || !fs::exists("/usr/bin/dbus-daemon")) {
    error = "systemd and dbus are not installed";
    return false;
  }
  const std::string mount = cgroup2_mount();
  if (mount.empty()) {
    error = "no cgroup2 hierarchy is mounted";
    return false;
  }
  const fs::path root = options.root.empty() ? dir_.path() / "root" : fs::path(options.root);
  make_root(root, options);
  write_file(dir_.path() / "boot.sh", boot_script(root));
  fs::permissions(dir_.path() / "boot.sh", fs::perms::owner_all);

  cgroup_ = fmt::format("{}{}/patchplan-systemd-{}-{}", mount, own_cgroup2_path(), ::getpid(),
                        dir_.path().filename().string());
  std::error_code failed;
  fs::create_directory(cgroup_, failed);
  if (failed) {
    error = fmt::format("cannot create cgroup '{}': {}", cgroup_, failed.message());
    return false;
  }
  const std::string procs = cgroup_ + "/cgroup.procs";
  const std::string script = (dir_.path() / "boot.sh").string();
  unshare_ = ::fork();
  if (unshare_ < 0) {
    error = "fork failed";
    return false;
  }
  if (unshare_ == 0) {
    // Only async-signal-safe calls between fork and exec.
    const int cgroup = ::open(procs.c_str(), O_WRONLY);
    if (cgroup < 0 || ::write(cgroup, "0\n", 2) != 2) ::_exit(126);  // "0": the writer itself
    ::close(cgroup);
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      ::dup2(null, 0);
      ::dup2(null, 1);
      ::dup2(null, 2);
    }
    ::execlp("unshare", "unshare", "--cgroup", "--pid", "--fork", "--mount", "--uts", "--ipc",
             "--net", script.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // The manager is unshare's only child; wait for it, then for the system to be up.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (manager_ < 0 && std::chrono::steady_clock::now() < deadline) {
    manager_ = child_of(unshare_);
    if (manager_ < 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (manager_ < 0) {
    error = "systemd did not start in the sandbox";
    return false;
  }
  std::string state;
  while (std::chrono::steady_clock::now() < deadline) {
    ProcessResult result = run({"systemctl", "is-system-running"});
    state = result.out;
    while (!state.empty() && state.back() == '\n') state.pop_back();
    if (state == "running" || state == "degraded") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  error = fmt::format("the sandbox's systemd did not come up (state '{}')", state);
  return false;
}

SystemdSandbox::~SystemdSandbox() { stop(); }

bool SystemdSandbox::wait_for_exit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (unshare_ > 0 && ::waitpid(unshare_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Gone: its pids are free for others, so stop() must not signal them.
  unshare_ = -1;
  manager_ = -1;
  return true;
}

void SystemdSandbox::stop() {
  if (unshare_ > 0) {
    // SIGRTMIN+4 asks systemd to power off; in a container that ends the manager.
    if (manager_ > 0) ::kill(manager_, SIGRTMIN + 4);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    int status = 0;
    while (::waitpid(unshare_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(unshare_, SIGKILL);  // unshare's death takes the PID namespace with it
        ::waitpid(unshare_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    unshare_ = -1;
  }
  if (!cgroup_.empty()) {
    // Deepest first: systemd's own slices, then ours, once their processes are gone.
    std::vector<fs::path> dirs;
    std::error_code ignored;
    for (auto it = fs::recursive_directory_iterator(cgroup_, ignored);
         it != fs::recursive_directory_iterator(); it.increment(ignored)) {
      if (it->is_directory(ignored)) dirs.push_back(it->path());
    }
    for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) ::rmdir(it->c_str());
    for (int attempt = 0; attempt < 100 && ::rmdir(cgroup_.c_str()) != 0; ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    cgroup_.clear();
  }
}

std::string SystemdSandbox::bus_address() const {
  return fmt::format("unix:path=/proc/{}/root/run/dbus/system_bus_socket", manager_);
}

ProcessResult SystemdSandbox::run(const std::vector<std::string>& argv) const {
  std::vector<std::string> command = {
      "nsenter", "-t", std::to_string(manager_), "-m", "-p", "-u", "-i", "-n", "-r", "-w"};
  command.insert(command.end(), argv.begin(), argv.end());
  return run_process(command);
}

}  // namespace patchplan::testing
