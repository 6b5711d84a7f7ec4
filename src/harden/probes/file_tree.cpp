// Confined file-system access (openat2 RESOLVE_IN_ROOT) and the shared tree walks.
#include "harden/probes/file_tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
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

FileStat FileTree::stat(std::uint32_t index) const {
  FileStat st;
  st.mode = nodes[index].mode;
  st.uid = nodes[index].uid;
  st.gid = nodes[index].gid;
  st.dev = devices[nodes[index].device];
  st.complete = false;
  return st;
}

std::optional<std::uint32_t> FileTree::child(std::uint32_t dir, std::string_view name) const {
  const Node& node = nodes[dir];
  std::uint32_t low = node.first_child;
  std::uint32_t high = node.first_child + node.child_count;
  while (low < high) {
    const std::uint32_t middle = low + (high - low) / 2;
    const std::string_view candidate = this->name(middle);
    if (candidate == name) return middle;
    if (candidate < name) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return std::nullopt;
}

Expected<std::unique_ptr<FileTreeCache>> FileTreeCache::open(const std::string& root) {
  const int fd = ::open(root.empty() ? "/" : root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return make_error(ErrorCode::kNotFound, "cannot open root '{}': {}", root,
                      std::strerror(errno));
  }
  auto cache = std::unique_ptr<FileTreeCache>(new FileTreeCache(UniqueFd(fd)));
  cache->root_is_host_ = root.empty() || root == "/";
  return cache;
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

std::unique_ptr<FileTree> FileTreeCache::build(const std::string& start, FsMode mode) const {
  auto tree = std::make_unique<FileTree>();
  const auto root_stat = stat(start, true);
  if (!root_stat || !root_stat->is_dir()) return tree;
  auto device_index = [&](std::uint64_t dev) {
    for (std::size_t i = 0; i < tree->devices.size(); ++i) {
      if (tree->devices[i] == dev) return static_cast<std::uint16_t>(i);
    }
    tree->devices.push_back(dev);
    return static_cast<std::uint16_t>(tree->devices.size() - 1);
  };
  FileTree::Node top;
  top.mode = root_stat->mode;
  top.uid = root_stat->uid;
  top.gid = root_stat->gid;
  top.device = device_index(root_stat->dev);
  top.descended = true;
  // Reserve for the inodes in use on the start's file system, so that the arrays are not
  // doubled (and copied) while they grow.
  struct statvfs space {};
  if (!start.empty() && ::statvfs(start.c_str(), &space) == 0 && root_is_host_ &&
      space.f_files >= space.f_ffree) {
    const auto used = static_cast<std::size_t>(space.f_files - space.f_ffree);
    tree->nodes.reserve(std::min<std::size_t>(used + used / 16 + 1024, 8u << 20));
    tree->names.reserve(std::min<std::size_t>((used + used / 16) * 16, 128u << 20));
  }
  tree->nodes.push_back(top);

  // Depth-first; one open directory per level, so descriptors are bounded by the depth.
  struct Frame {
    UniqueFd fd;
    std::uint32_t next;  // next child index to consider
    std::uint32_t end;
    std::uint32_t depth;
  };
  std::vector<Frame> stack;
  auto enter = [&](int fd, std::uint32_t index, std::uint32_t depth) {
    const int dup_fd = ::dup(fd);
    if (dup_fd < 0) {
      ::close(fd);
      return;
    }
    std::vector<DirEntry> entries = read_entries(dup_fd);
    tree->nodes[index].first_child = static_cast<std::uint32_t>(tree->nodes.size());
    tree->nodes[index].child_count = static_cast<std::uint32_t>(entries.size());
    for (const DirEntry& entry : entries) {
      FileTree::Node node;
      node.parent = index;
      node.name_offset = static_cast<std::uint32_t>(tree->names.size());
      node.name_size = static_cast<std::uint16_t>(std::min<std::size_t>(entry.name.size(), 0xffff));
      node.mode = entry.st.mode;
      node.uid = entry.st.uid;
      node.gid = entry.st.gid;
      node.device = device_index(entry.st.dev);
      bool descend = entry.st.is_dir() && depth < kMaxDepth;
      if (descend && mode == FsMode::kDefined) descend = entry.st.dev == root_stat->dev;
      if (descend && mode == FsMode::kLocal) descend = is_local_device(entry.st.dev);
      node.descended = descend;
      tree->names += entry.name;
      tree->nodes.push_back(node);
    }
    stack.push_back({UniqueFd(fd), tree->nodes[index].first_child,
                     tree->nodes[index].first_child + tree->nodes[index].child_count, depth});
  };
  const int start_fd = open_in_root(root_.get(), start, O_RDONLY | O_DIRECTORY);
  if (start_fd < 0) {
    tree->nodes[0].descended = false;
    return tree;
  }
  enter(start_fd, 0, 1);
  while (!stack.empty()) {
    Frame& frame = stack.back();
    while (frame.next < frame.end && !tree->nodes[frame.next].descended) ++frame.next;
    if (frame.next == frame.end) {
      stack.pop_back();
      continue;
    }
    const std::uint32_t index = frame.next++;
    const std::string child(tree->name(index));
    const int fd =
        ::openat(frame.fd.get(), child.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      tree->nodes[index].descended = false;
      continue;
    }
    enter(fd, index, frame.depth + 1);
  }
  return tree;
}

std::optional<std::uint32_t> FileTreeCache::resolve(const FileTree& tree,
                                                    std::string_view path) const {
  // Component by component from "/", following symlinks found in the tree (at most 40,
  // as the kernel's limit), so that "/lib" finds "/usr/lib" when /lib -> usr/lib.
  std::vector<std::string> pending;
  auto push_components = [&](std::string_view text) {
    std::vector<std::string> parts;
    std::size_t pos = 0;
    while (pos <= text.size()) {
      const std::size_t next = std::min(text.find('/', pos), text.size());
      if (next > pos) parts.emplace_back(text.substr(pos, next - pos));
      pos = next + 1;
    }
    pending.insert(pending.end(), parts.rbegin(), parts.rend());
  };
  push_components(path);
  std::vector<std::uint32_t> chain{0};
  int links = 0;
  while (!pending.empty()) {
    const std::string part = std::move(pending.back());
    pending.pop_back();
    if (part == ".") continue;
    if (part == "..") {
      if (chain.size() > 1) chain.pop_back();
      continue;
    }
    const std::uint32_t dir = chain.back();
    if (!tree.nodes[dir].descended) return std::nullopt;
    auto found = tree.child(dir, part);
    if (!found) return std::nullopt;
    if (S_ISLNK(tree.nodes[*found].mode)) {
      if (++links > 40) return std::nullopt;
      std::string link_path;
      for (std::size_t i = 1; i < chain.size(); ++i)
        link_path += "/" + std::string(tree.name(chain[i]));
      link_path += "/" + part;
      UniqueFd parent(open_in_root(root_.get(), link_path.substr(0, link_path.rfind('/')),
                                   O_PATH | O_DIRECTORY));
      char target[4096];
      const ssize_t size =
          parent.valid() ? ::readlinkat(parent.get(), part.c_str(), target, sizeof target) : -1;
      if (size <= 0) return std::nullopt;
      const std::string_view text(target, static_cast<std::size_t>(size));
      if (text.starts_with('/')) chain.resize(1);
      push_components(text);
      continue;
    }
    chain.push_back(*found);
  }
  return chain.back();
}

void FileTreeCache::walk(const std::string& start, FsMode mode, const TreeVisitor& visit) {
  if (!mounts_loaded_) load_mounts();
  const FileTree* tree = nullptr;
  std::uint32_t top = 0;
  if (mode == FsMode::kAll) {
    auto& slot = all_trees_[start];
    if (!slot) slot = build(start, FsMode::kAll);
    tree = slot.get();
  } else {
    if (!local_root_) local_root_ = build("/", FsMode::kLocal);
    tree = local_root_.get();
    auto found = resolve(*tree, start);
    if (!found) return;
    top = *found;
  }
  if (tree->nodes.empty() || !S_ISDIR(tree->nodes[top].mode)) return;
  const std::uint16_t top_device = tree->nodes[top].device;

  // Depth-first over the subtree with the directory paths built on the way.
  struct Frame {
    std::uint32_t next;
    std::uint32_t end;
    std::string path;
  };
  std::vector<Frame> stack;
  visit(start, "", tree->stat(top));
  if (tree->nodes[top].descended) {
    stack.push_back({tree->nodes[top].first_child,
                     tree->nodes[top].first_child + tree->nodes[top].child_count, start});
  }
  while (!stack.empty()) {
    Frame& frame = stack.back();
    if (frame.next == frame.end) {
      stack.pop_back();
      continue;
    }
    const std::uint32_t index = frame.next++;
    const FileTree::Node& node = tree->nodes[index];
    if (!S_ISDIR(node.mode)) {
      visit(frame.path, tree->name(index), tree->stat(index));
      continue;
    }
    std::string path = join_path(frame.path, tree->name(index));
    visit(path, "", tree->stat(index));
    const bool enter = node.descended && (mode != FsMode::kDefined || node.device == top_device);
    if (enter)
      stack.push_back({node.first_child, node.first_child + node.child_count, std::move(path)});
  }
}

}  // namespace patchplan::harden
