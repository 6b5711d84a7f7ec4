// The concrete transports behind open_transport, and what they share.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "deploy/transport.hpp"

namespace patchplan::deploy::detail {

// The local host: commands as given, files at their paths, dpkg's admin dir /var/lib/dpkg.
std::unique_ptr<Transport> make_local_transport();

// A root tree at `root` (absolute, no trailing slash); `work_dir` exists. `chrootless`: its
// maintainer scripts run on this machine with DPKG_ROOT set (a "chrootless:" target).
Expected<std::unique_ptr<Transport>> make_root_transport(const std::string& root,
                                                         const std::string& work_dir,
                                                         bool chrootless);

// Scans /proc/*/maps for executable mappings of deleted files. `view` gets each process's
// pid and mapped path and returns the path as the target sees it, or "" to skip it.
std::vector<DeletedMapping> scan_deleted_mappings(
    const std::function<std::string(int pid, const std::string& path)>& view);

// True for the name of a process's folder in /proc (digits only).
bool is_pid_name(std::string_view name);

// The local kernel's boot_id (/proc/sys/kernel/random/boot_id).
Expected<std::string> local_boot_id();

// The init process (pid 1 of its own PID namespace) of a container whose root directory is
// `root` (the same device and inode as /proc/PID/root), with the NSpid line of
// /proc/PID/status; 0 when none.
int container_init(const std::string& root);

// "init PID started at TICKS in boot BOOT_ID": changes when that init is replaced.
Expected<std::string> init_identity(int pid);

// The command that asks an init for a reboot: systemctl reboot under systemd, else
// shutdown -r now (sysvinit), with `timeout`.
Command reboot_command(bool systemd, std::chrono::milliseconds timeout);

// systemctl is-system-running --wait: returns once start-up has ended (running, degraded).
Command startup_wait_command(std::chrono::milliseconds timeout);

// `command` run inside the namespaces and root of the process `pid` (nsenter).
Command inside_container(int pid, Command command);

// Reads a local file of at most `max_bytes`, errors naming `shown`.
Expected<std::string> read_local_file(const std::string& path, std::size_t max_bytes,
                                      std::string_view shown);

// Names of a local directory, sorted.
Expected<std::vector<std::string>> list_local_dir(const std::string& path, std::string_view shown);

// Copies a local file, replacing `to` atomically (written beside it, then renamed).
Status copy_local_file(const std::string& from, const std::string& to);

// Free bytes of the file system holding local `path`.
Expected<std::uint64_t> local_free_bytes(const std::string& path, std::string_view shown);

}  // namespace patchplan::deploy::detail
