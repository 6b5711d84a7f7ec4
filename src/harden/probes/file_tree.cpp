// Confined file-system access (openat2 RESOLVE_IN_ROOT) and the shared tree walks.
#include "harden/probes/file_tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace patchplan::harden {
namespace {

// Deeper trees are not walked further (a hostile root cannot exhaust memory this way).
constexpr std::uint32_t kMaxDepth = 256;

int open_in_root(int root_fd, std::string_view path, std::uint64_t flags) {
  const std::size_t skip = path.find_first_not_of('/');
  const std::string relative =
      skip == std::string_view::npos ? std::string(".") : std::string(path.substr(skip));
  open_how how{};
  how.flags = flags | O_CLOEXEC;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  return static_cast<int>(::syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how));
}

FileStat from_stat(const struct stat& st) {
  FileStat out;
  out.mode = st.st_mode;
  out.uid = st.st_uid;
  out.gid = st.st_gid;
  out.size = static_cast<std::uint64_t>(st.st_size);
  out.dev = st.st_dev;
  out.ino = st.st_ino;
  out.atime = st.st_atime;
  out.mtime = st.st_mtime;
  out.ctime = st.st_ctime;
  return out;
}

// Mount types oscap's recurse_file_system="local" does not enter (fsdev.c).
bool is_nonlocal_type(std::string_view type) {
  static constexpr std::string_view kTypes[] = {
      "proc",       "sysfs",  "autofs", "nfs",  "nfs4",  "cifs", "smb3",
      "smbfs",      "ceph",   "afs",    "coda", "ncpfs", "9p",   "glusterfs",
      "fuse.sshfs", "lustre", "gfs",    "gfs2", "ocfs2"};
  return std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes);
}

std::vector<DirEntry> read_entries(int dir_fd) {
  std::vector<DirEntry> entries;
  DIR* dir = ::fdopendir(dir_fd);
  if (dir == nullptr) {
    ::close(dir_fd);
    return entries;
  }
  while (dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    struct stat st {};
    if (::fstatat(::dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    entries.push_back({std::string(name), from_stat(st)});
  }
  ::closedir(dir);
  std::sort(entries.begin(), entries.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return entries;
}

}  // namespace

bool FileStat::is_dir() const { return S_ISDIR(mode); }
bool FileStat::is_link() const { return S_ISLNK(mode); }

std::string join_path(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (out.empty() || out.back() != '/') out += '/';
  out += name;
  return out;
}

std::string FileTree::path(std::uint32_t index) const {
  std::vector<std::uint32_t> chain;
  for (std::uint32_t i = index; i != 0; i = nodes[i].parent) chain.push_back(i);
  std::string out = start;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (out.back() != '/') out += '/';
    out += name(*it);
  }
  return out;
}

Expected<std::unique_ptr<FileTreeCache>> FileTreeCache::open(const std::string& root) {
  const int fd = ::open(root.empty() ? "/" : root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return make_error(ErrorCode::kNotFound, "cannot open root '{}': {}", root,
                      std::strerror(errno));
  }
  return std::unique_ptr<FileTreeCache>(new FileTreeCache(UniqueFd(fd)));
}

std::optional<FileStat> FileTreeCache::stat(std::string_view path, bool follow) const {
  struct stat st {};
  if (!follow) {
    const std::size_t slash = path.find_last_of('/');
    const std::string_view parent = slash == std::string_view::npos ? "/" : path.substr(0, slash);
    const std::string base(slash == std::string_view::npos ? path : path.substr(slash + 1));
    if (base.empty()) return stat(path, true);
    UniqueFd dir(open_in_root(root_.get(), parent, O_PATH | O_DIRECTORY));
    if (!dir.valid()) return std::nullopt;
    if (::fstatat(dir.get(), base.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return std::nullopt;
    return from_stat(st);
  }
  UniqueFd fd(open_in_root(root_.get(), path, O_PATH));
  if (!fd.valid() || ::fstat(fd.get(), &st) != 0) return std::nullopt;
  return from_stat(st);
}

Expected<std::vector<DirEntry>> FileTreeCache::list(std::string_view path) const {
  const int fd = open_in_root(root_.get(), path, O_RDONLY | O_DIRECTORY);
  if (fd < 0) {
    return make_error(ErrorCode::kIo, "cannot open directory '{}': {}", path, std::strerror(errno));
  }
  return read_entries(fd);
}

void FileTreeCache::load_mounts() {
  mounts_loaded_ = true;
  std::ifstream mounts("/proc/self/mountinfo");
  std::string line;
  while (std::getline(mounts, line)) {
    // id parent major:minor root mount-point options ... - type source super-options
    std::istringstream in(line);
    std::string id, parent, devno;
    in >> id >> parent >> devno;
    const std::size_t dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    std::istringstream tail(line.substr(dash + 3));
    std::string type;
    tail >> type;
    unsigned major_number = 0;
    unsigned minor_number = 0;
    if (std::sscanf(devno.c_str(), "%u:%u", &major_number, &minor_number) != 2) continue;
    if (is_nonlocal_type(type)) nonlocal_devices_.push_back(makedev(major_number, minor_number));
  }
}

bool FileTreeCache::is_local_device(std::uint64_t dev) const {
  return std::find(nonlocal_devices_.begin(), nonlocal_devices_.end(), dev) ==
         nonlocal_devices_.end();
}

const FileTree& FileTreeCache::tree(const std::string& start, FsMode mode) {
  auto key = std::pair(start, mode);
  if (auto it = trees_.find(key); it != trees_.end()) return *it->second;
  if (!mounts_loaded_) load_mounts();
  auto tree = std::make_unique<FileTree>();
  tree->start = start;
  const auto root_stat = stat(start, true);
  if (!root_stat || !root_stat->is_dir())
    return *trees_.emplace(key, std::move(tree)).first->second;
  tree->nodes.push_back({0, 0, 0, 0, *root_stat, true});

  // Depth-first; one open directory per level, so descriptors are bounded by the depth.
  struct Frame {
    UniqueFd fd;
    std::vector<std::uint32_t> dirs;  // child directories still to walk
    std::size_t next = 0;
  };
  std::vector<Frame> stack;
  auto enter = [&](int fd, std::uint32_t index) {
    Frame frame{UniqueFd(fd), {}, 0};
    const int dup_fd = ::dup(fd);
    if (dup_fd < 0) return;
    const std::uint32_t depth = tree->nodes[index].depth + 1;
    for (DirEntry& entry : read_entries(dup_fd)) {
      FileTree::Node node;
      node.parent = index;
      node.name_offset = static_cast<std::uint32_t>(tree->names.size());
      node.name_size = static_cast<std::uint32_t>(entry.name.size());
      node.depth = depth;
      node.st = entry.st;
      tree->names += entry.name;
      bool descend = entry.st.is_dir() && depth < kMaxDepth;
      if (descend && mode == FsMode::kDefined) descend = entry.st.dev == root_stat->dev;
      if (descend && mode == FsMode::kLocal) descend = is_local_device(entry.st.dev);
      node.descended = descend;
      if (descend) frame.dirs.push_back(static_cast<std::uint32_t>(tree->nodes.size()));
      tree->nodes.push_back(node);
    }
    stack.push_back(std::move(frame));
  };
  const int start_fd = open_in_root(root_.get(), start, O_RDONLY | O_DIRECTORY);
  if (start_fd >= 0) enter(start_fd, 0);
  while (!stack.empty()) {
    Frame& frame = stack.back();
    if (frame.next == frame.dirs.size()) {
      stack.pop_back();
      continue;
    }
    const std::uint32_t index = frame.dirs[frame.next++];
    const std::string child(tree->name(index));
    const int fd =
        ::openat(frame.fd.get(), child.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      tree->nodes[index].descended = false;
      continue;
    }
    enter(fd, index);
  }
  return *trees_.emplace(key, std::move(tree)).first->second;
}

}  // namespace patchplan::harden
