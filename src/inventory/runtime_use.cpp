// Runtime use of installed packages on the local host, from /proc (proc(5)) and dpkg's lists.
#include "inventory/runtime_use.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/unique_fd.hpp"

namespace patchplan::inventory {
namespace {

// What one process maps and holds.
struct ProcessScan {
  ProcessRef ref;
  std::set<std::string> paths;  // canonical paths of mapped files and the executable
  std::vector<std::uint64_t> socket_inodes;
};

struct SocketEntry {
  std::string protocol;
  std::string address;
  std::uint16_t port = 0;
};

// Reads a proc file to its end (proc files report size 0, so RootFs::read_file cannot).
// Returns false when the file cannot be opened or read (process gone, access refused).
bool read_proc_file(int dir_fd, const std::string& path, std::string& out) {
  UniqueFd fd(::openat(dir_fd, path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return false;
  out.clear();
  std::array<char, 65536> buffer{};
  while (true) {
    ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) return true;
    out.append(buffer.data(), static_cast<std::size_t>(n));
  }
}

bool read_link(int dir_fd, const std::string& path, std::string& out) {
  std::array<char, 4096> buffer{};
  ssize_t n = ::readlinkat(dir_fd, path.c_str(), buffer.data(), buffer.size());
  if (n < 0 || static_cast<std::size_t>(n) >= buffer.size()) return false;
  out.assign(buffer.data(), static_cast<std::size_t>(n));
  return true;
}

template <typename Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    fn(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

// The file of a mapping without the kernel's " (deleted)" mark: the package's replaced file
// still runs in that process until it restarts.
std::string mapped_file(std::string_view path) {
  constexpr std::string_view kDeleted = " (deleted)";
  if (path.size() > kDeleted.size() && path.ends_with(kDeleted))
    path.remove_suffix(kDeleted.size());
  return canonical_package_path(path);
}

enum class ScanResult { kScanned, kNoCode, kSkipped };

// Scans one process: kNoCode for kernel threads and zombies (an existing process without an
// executable, proc(5) /proc/PID/exe), kSkipped when it vanished or is unreadable.
ScanResult scan_process(int proc_fd, int pid, ProcessScan& scan) {
  const std::string dir = std::to_string(pid);
  std::string text;
  if (!read_proc_file(proc_fd, dir + "/comm", text)) return ScanResult::kSkipped;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  scan.ref = ProcessRef{pid, text};
  std::string exe;
  if (!read_link(proc_fd, dir + "/exe", exe)) {
    return errno == ENOENT ? ScanResult::kNoCode : ScanResult::kSkipped;
  }
  scan.paths.insert(mapped_file(exe));
  if (!read_proc_file(proc_fd, dir + "/maps", text)) return ScanResult::kSkipped;
  // "address perms offset dev inode pathname": no field before the path holds a '/'.
  for_each_line(text, [&](std::string_view line) {
    std::size_t slash = line.find('/');
    if (slash != std::string_view::npos) scan.paths.insert(mapped_file(line.substr(slash)));
  });
  UniqueFd fd_dir(::openat(proc_fd, (dir + "/fd").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd_dir.get() < 0) return ScanResult::kSkipped;
  DIR* stream = ::fdopendir(::dup(fd_dir.get()));
  if (stream == nullptr) return ScanResult::kSkipped;
  std::vector<std::string> fds;
  while (const dirent* entry = ::readdir(stream)) {
    if (entry->d_name[0] != '.') fds.emplace_back(entry->d_name);
  }
  ::closedir(stream);
  constexpr std::string_view kSocket = "socket:[";
  for (const std::string& name : fds) {
    std::string target;
    if (!read_link(fd_dir.get(), name, target) || !target.starts_with(kSocket)) continue;
    std::uint64_t inode = 0;
    const char* first = target.data() + kSocket.size();
    if (std::from_chars(first, target.data() + target.size(), inode).ec == std::errc{}) {
      scan.socket_inodes.push_back(inode);
    }
  }
  return ScanResult::kScanned;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    std::size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

template <typename T>
bool parse_hex(std::string_view text, T& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  return ec == std::errc{} && end == text.data() + text.size();
}

// Decodes "0100007F:1F90" (IPv4) or 32 hex digits (IPv6): the kernel prints each 32-bit word
// of the address as a native integer (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c).
bool decode_address(std::string_view text, SocketEntry& entry) {
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view host = text.substr(0, colon);
  if (!parse_hex(text.substr(colon + 1), entry.port)) return false;
  std::array<std::uint32_t, 4> words{};
  if (host.size() != 8 && host.size() != 32) return false;
  for (std::size_t i = 0; i < host.size() / 8; ++i) {
    if (!parse_hex(host.substr(i * 8, 8), words[i])) return false;
  }
  std::array<char, INET6_ADDRSTRLEN> out{};
  const int family = host.size() == 8 ? AF_INET : AF_INET6;
  if (::inet_ntop(family, words.data(), out.data(), static_cast<socklen_t>(out.size())) ==
      nullptr) {
    return false;
  }
  entry.address = out.data();
  return true;
}

// Reads one socket table: TCP sockets in LISTEN (state 0A), UDP sockets unconnected (state 07,
// remote port 0), keyed by inode. A table the kernel lacks (no IPv6) is empty.
Status read_socket_table(int proc_fd, const std::string& proc_dir, const std::string& protocol,
                         std::unordered_map<std::uint64_t, SocketEntry>& sockets) {
  std::string text;
  const std::string path = "net/" + protocol;
  if (!read_proc_file(proc_fd, path, text)) {
    if (errno == ENOENT) return ok();
    return make_error(ErrorCode::kIo, "cannot read socket table '{}/{}': {}", proc_dir, path,
                      std::strerror(errno));
  }
  const bool tcp = protocol.starts_with("tcp");
  bool header = true;
  for_each_line(text, [&](std::string_view line) {
    if (std::exchange(header, false)) return;
    std::vector<std::string_view> fields = split_fields(line);
    if (fields.size() < 10) return;
    const std::string_view state = fields[3];
    if (tcp ? state != "0A" : state != "07") return;
    if (!tcp && !fields[2].ends_with(":0000")) return;
    SocketEntry entry;
    std::uint64_t inode = 0;
    if (!decode_address(fields[1], entry) ||
        std::from_chars(fields[9].data(), fields[9].data() + fields[9].size(), inode).ec !=
            std::errc{} ||
        inode == 0) {
      return;
    }
    entry.protocol = protocol;
    sockets.emplace(inode, std::move(entry));
  });
  return ok();
}

Expected<std::vector<int>> list_pids(int proc_fd, const std::string& proc_dir) {
  DIR* stream = ::fdopendir(::dup(proc_fd));
  if (stream == nullptr) {
    return make_error(ErrorCode::kIo, "cannot list '{}': {}", proc_dir, std::strerror(errno));
  }
  std::vector<int> pids;
  while (const dirent* entry = ::readdir(stream)) {
    int pid = 0;
    std::string_view name = entry->d_name;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (ec == std::errc{} && end == name.data() + name.size() && pid > 0) pids.push_back(pid);
  }
  ::closedir(stream);
  std::sort(pids.begin(), pids.end());
  return pids;
}

// Streams dpkg's info/*.list files (dpkg(1) "FILES") and keeps, per mapped path, the packages
// listing it: "name" or "name:arch" as the list file is named.
Expected<std::unordered_map<std::string, std::vector<std::string>>> packages_of_paths(
    const RootFs& root, const std::string& admin_dir,
    const std::unordered_set<std::string>& paths) {
  const std::string info = admin_dir + "/info";
  auto names = root.list_dir(info);
  if (!names) return names.error();
  std::unordered_map<std::string, std::vector<std::string>> owners;
  constexpr std::string_view kList = ".list";
  for (const std::string& name : *names) {
    if (!name.ends_with(kList)) continue;
    auto content = root.read_file(info + "/" + name);
    if (!content) return content.error();
    std::string package = name.substr(0, name.size() - kList.size());
    for_each_line(*content, [&](std::string_view line) {
      std::string path = canonical_package_path(line);
      if (!paths.contains(path)) return;
      std::vector<std::string>& list = owners[path];
      if (std::find(list.begin(), list.end(), package) == list.end()) list.push_back(package);
    });
  }
  return owners;
}

}  // namespace

std::string canonical_package_path(std::string_view path) {
  // Debian's usrmerge: /bin, /sbin, /lib, /lib32, /lib64, /libx32 are links into /usr.
  static constexpr std::array<std::string_view, 6> kMerged = {"/bin",   "/sbin",  "/lib",
                                                              "/lib32", "/lib64", "/libx32"};
  for (std::string_view dir : kMerged) {
    if (path.starts_with(dir) && (path.size() == dir.size() || path[dir.size()] == '/')) {
      return "/usr" + std::string(path);
    }
  }
  return std::string(path);
}

const PackageUse* RuntimeUse::find(std::string_view name, std::string_view arch) const {
  auto it = packages.find(fmt::format("{}:{}", name, arch));
  if (it == packages.end()) it = packages.find(name);
  return it == packages.end() ? nullptr : &it->second;
}

Expected<RuntimeUse> read_runtime_use(const RootFs& root, const RuntimeUseOptions& options) {
  RuntimeUse use;
  if (!root.is_host_root()) {
    use.reason = "not determined on an offline root";
    return use;
  }
  UniqueFd proc_fd(::open(options.proc_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (proc_fd.get() < 0) {
    return make_error(ErrorCode::kIo, "cannot open '{}': {}", options.proc_dir,
                      std::strerror(errno));
  }
  std::vector<int> pids = options.pids;
  if (pids.empty()) {
    auto listed = list_pids(proc_fd.get(), options.proc_dir);
    if (!listed) return listed.error();
    pids = std::move(*listed);
    // The scanner itself is not a use of the host's packages.
    std::erase(pids, static_cast<int>(::getpid()));
  }
  std::vector<ProcessScan> scans;
  std::unordered_set<std::string> paths;
  for (int pid : pids) {
    ProcessScan scan;
    const ScanResult result = scan_process(proc_fd.get(), pid, scan);
    if (result != ScanResult::kScanned) {
      ++(result == ScanResult::kNoCode ? use.processes_without_code : use.processes_skipped);
      continue;
    }
    ++use.processes_scanned;
    paths.insert(scan.paths.begin(), scan.paths.end());
    scans.push_back(std::move(scan));
  }
  std::unordered_map<std::uint64_t, SocketEntry> sockets;
  for (const char* protocol : {"tcp", "tcp6", "udp", "udp6"}) {
    if (auto status = read_socket_table(proc_fd.get(), options.proc_dir, protocol, sockets);
        !status) {
      return status.error();
    }
  }
  auto owners = packages_of_paths(root, options.admin_dir, paths);
  if (!owners) return owners.error();
  for (const ProcessScan& scan : scans) {
    std::set<std::string> packages;
    for (const std::string& path : scan.paths) {
      if (auto it = owners->find(path); it != owners->end()) {
        packages.insert(it->second.begin(), it->second.end());
      }
    }
    std::vector<ListeningSocket> listening;
    for (std::uint64_t inode : scan.socket_inodes) {
      if (auto it = sockets.find(inode); it != sockets.end()) {
        const SocketEntry& entry = it->second;
        listening.push_back(ListeningSocket{entry.protocol, entry.address, entry.port, scan.ref});
      }
    }
    for (const std::string& package : packages) {
      PackageUse& entry = use.packages[package];
      ++entry.process_count;
      if (entry.processes.size() < options.max_listed) entry.processes.push_back(scan.ref);
      entry.listening.insert(entry.listening.end(), listening.begin(), listening.end());
    }
  }
  use.determined = true;
  return use;
}

}  // namespace patchplan::inventory
