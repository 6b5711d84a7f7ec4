// File-system access for the file probes inside a root: lstat/stat of a path, directory
// listings, and whole-tree walks recorded once per (start, file-system mode) in a compact form
// so that every recursive file object of a run shares one walk.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "common/unique_fd.hpp"

namespace patchplan::harden {

struct FileStat {
  std::uint32_t mode = 0;
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
  std::uint64_t size = 0;
  std::uint64_t dev = 0;
  std::uint64_t ino = 0;
  std::int64_t atime = 0;
  std::int64_t mtime = 0;
  std::int64_t ctime = 0;
  [[nodiscard]] bool is_dir() const;
  [[nodiscard]] bool is_link() const;
};

// One entry of a directory: its name and lstat data.
struct DirEntry {
  std::string name;
  FileStat st;
};

// Which mounts a recursion may cross (OVAL recurse_file_system).
enum class FsMode { kAll, kLocal, kDefined };

// A walk below one directory: entries in depth-first order, each with its parent's index.
struct FileTree {
  struct Node {
    std::uint32_t parent = 0;  // index of the parent directory (the start has itself)
    std::uint32_t name_offset = 0;
    std::uint32_t name_size = 0;
    std::uint32_t depth = 0;  // 0 for the start directory
    FileStat st;
    bool descended = false;  // a directory whose entries follow in the walk
  };
  std::string start;
  std::vector<Node> nodes;
  std::string names;
  std::vector<std::string> cycles;  // directories skipped as loops

  [[nodiscard]] std::string path(std::uint32_t index) const;
  [[nodiscard]] std::string_view name(std::uint32_t index) const {
    return std::string_view(names).substr(nodes[index].name_offset, nodes[index].name_size);
  }
};

class FileTreeCache {
 public:
  // Opens `root` ("/" for the host). Paths given to the methods are absolute inside it.
  static Expected<std::unique_ptr<FileTreeCache>> open(const std::string& root);

  // lstat (follow = false) or stat (follow = true) of `path` inside the root.
  [[nodiscard]] std::optional<FileStat> stat(std::string_view path, bool follow) const;

  // The entries of directory `path` (followed if a symlink), sorted by name; lstat data.
  [[nodiscard]] Expected<std::vector<DirEntry>> list(std::string_view path) const;

  // The walk below directory `start` (not following symlinks; descending into other mounts
  // as `mode` allows). Walked once per (start, mode) and kept for the run.
  const FileTree& tree(const std::string& start, FsMode mode);

  // Whether a mount's type counts as local (not proc, sysfs, autofs or a network file system).
  [[nodiscard]] bool is_local_device(std::uint64_t dev) const;

 private:
  explicit FileTreeCache(UniqueFd root) : root_(std::move(root)) {}
  void load_mounts();

  UniqueFd root_;
  std::map<std::pair<std::string, FsMode>, std::unique_ptr<FileTree>> trees_;
  std::vector<std::uint64_t> nonlocal_devices_;
  bool mounts_loaded_ = false;
};

// The text of a path joined with a name ("/" + "etc" = "/etc").
std::string join_path(std::string_view dir, std::string_view name);

}  // namespace patchplan::harden
