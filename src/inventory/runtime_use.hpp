// Runtime use: which installed packages run code on the local host right now (processes
// mapping their files, listening sockets of those processes), from /proc and dpkg's lists.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "common/root_fs.hpp"

namespace patchplan::inventory {

// A process that maps a file of a package (or runs it as its executable).
struct ProcessRef {
  int pid = 0;
  std::string name;  // /proc/PID/comm
};

// A socket a process of the package listens on: TCP in LISTEN state, UDP bound and unconnected.
struct ListeningSocket {
  std::string protocol;  // "tcp", "tcp6", "udp", "udp6"
  std::string address;   // local address, "127.0.0.1", "::"
  std::uint16_t port = 0;
  ProcessRef process;
};

// How one installed binary package is in use.
struct PackageUse {
  std::size_t process_count = 0;           // processes mapping a file of the package
  std::vector<ProcessRef> processes;       // the first few of them, by pid
  std::vector<ListeningSocket> listening;  // sockets held by those processes
};

struct RuntimeUse {
  bool determined = false;  // false on an offline root: nothing can be said
  std::string reason;       // why not determined ("not determined on an offline root")
  // Keyed by package as dpkg names its list file: "name" or "name:arch".
  std::map<std::string, PackageUse, std::less<>> packages;
  std::size_t processes_scanned = 0;
  std::size_t processes_skipped = 0;  // vanished mid-scan or unreadable (other users' processes)
  std::size_t processes_without_code = 0;  // kernel threads and zombies: no executable

  // The use of binary package `name` of architecture `arch` (tries "name:arch", then "name"),
  // or null when no process maps any of its files.
  [[nodiscard]] const PackageUse* find(std::string_view name, std::string_view arch) const;
};

struct RuntimeUseOptions {
  std::string proc_dir = "/proc";           // the kernel's proc file system
  std::string admin_dir = "/var/lib/dpkg";  // dpkg's database, read through the RootFs
  std::vector<int> pids;                    // scan only these; empty: all but this process
  std::size_t max_listed = 5;               // processes kept per package
};

// Maps a path to its usrmerge-canonical form: /bin, /sbin, /lib* resolve into /usr (Debian
// 12 merges them, while dpkg lists may name either spelling).
std::string canonical_package_path(std::string_view path);

// Reads the runtime use of the local host: file-backed mappings (/proc/PID/maps) and the
// executable (/proc/PID/exe) of every process, listening sockets (/proc/net/{tcp,tcp6,udp,udp6})
// tied to processes through /proc/PID/fd socket inodes, and dpkg's info/*.list files as the
// path -> package map. On an offline root (not "/") the result is undetermined, never an error.
// Processes that vanish or cannot be read are skipped and counted; an unreadable dpkg info
// directory or socket table is an error.
Expected<RuntimeUse> read_runtime_use(const RootFs& root, const RuntimeUseOptions& options = {});

}  // namespace patchplan::inventory
