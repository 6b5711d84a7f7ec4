// A sandbox root with the machine's /usr bound read-only inside the test's mount namespace.
#include "harden/tests/sandbox_root.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace patchplan::harden::testing {

bool enter_private_mount_namespace(std::string* why) {
  static std::string failure = [] {
    if (::geteuid() != 0) return std::string("needs root for mount namespaces");
    if (::unshare(CLONE_NEWNS) != 0) return fmt::format("unshare: {}", std::strerror(errno));
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
      return fmt::format("private /: {}", std::strerror(errno));
    }
    return std::string();
  }();
  *why = failure;
  return failure.empty();
}

SandboxRoot::SandboxRoot(const std::string& packages) {
  namespace fs = std::filesystem;
  const fs::path root = dir_.path();
  ::chmod(root.c_str(), 0755);
  for (const char* dir :
       {"usr", "etc", "var/lib/dpkg", "proc", "sys", "dev", "tmp", "run", "root"}) {
    fs::create_directories(root / dir);
  }
  ::chmod((root / "tmp").c_str(), 01777);
  for (const char* link : {"bin", "lib", "lib64", "sbin"}) {
    fs::create_symlink(fmt::format("usr/{}", link), root / link);
  }
  // Read-only before anything runs: the bind is remounted read-only or removed again.
  const std::string usr = (root / "usr").string();
  if (::mount("/usr", usr.c_str(), nullptr, MS_BIND, nullptr) == 0) {
    if (::mount(nullptr, usr.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) == 0) {
      struct statvfs info {};
      usr_bound_ = ::statvfs(usr.c_str(), &info) == 0 && (info.f_flag & ST_RDONLY) != 0;
    }
    if (!usr_bound_) ::umount2(usr.c_str(), MNT_DETACH);
  }
  std::string status;
  std::istringstream names(packages);
  std::string name;
  while (names >> name) {
    status += fmt::format(
        "Package: {}\nStatus: install ok installed\nPriority: optional\nSection: admin\n"
        "Maintainer: Test <test@example.org>\nArchitecture: amd64\nVersion: 1.0-1\n"
        "Description: {}\n\n",
        name, name);
  }
  write("var/lib/dpkg/status", status);
  write("etc/debian_version", "12.5\n");
  write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
}

SandboxRoot::~SandboxRoot() {
  if (usr_bound_) ::umount2((dir_.path() / "usr").c_str(), MNT_DETACH);
}

void SandboxRoot::write(std::string_view relative, std::string_view content, mode_t mode, uid_t uid,
                        gid_t gid) const {
  const std::filesystem::path file = dir_.write(relative, content);
  ::chown(file.c_str(), uid, gid);
  ::chmod(file.c_str(), mode);
}

std::map<std::string, std::string> SandboxRoot::snapshot() const {
  namespace fs = std::filesystem;
  std::map<std::string, std::string> out;
  const fs::path root = dir_.path();
  auto skip = [](const std::string& relative) {
    for (const char* dir : {"usr", "proc", "sys", "dev"}) {
      if (relative == dir || relative.starts_with(std::string(dir) + "/")) return true;
    }
    return false;
  };
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    const std::string relative = fs::relative(it->path(), root).string();
    if (skip(relative)) {
      if (it->is_directory() && !it->is_symlink()) it.disable_recursion_pending();
      if (relative.find('/') != std::string::npos) continue;
    }
    struct stat info {};
    ::lstat(it->path().c_str(), &info);
    std::string text =
        fmt::format("mode={:o} uid={} gid={} mtime={}.{:09}", info.st_mode, info.st_uid,
                    info.st_gid, info.st_mtim.tv_sec, info.st_mtim.tv_nsec);
    if (S_ISREG(info.st_mode)) {
      std::ifstream file(it->path(), std::ios::binary);
      std::ostringstream content;
      content << file.rdbuf();
      text += " content=" + content.str();
    } else if (S_ISLNK(info.st_mode)) {
      text += " target=" + fs::read_symlink(it->path()).string();
    }
    out["/" + relative] = text;
  }
  return out;
}

}  // namespace patchplan::harden::testing
