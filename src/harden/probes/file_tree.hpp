// File-system access for the file probes inside a root: lstat/stat of a path, directory
// listings, and whole-tree walks recorded once per (start, file-system mode) in a compact form
// so that every recursive file object of a run shares one walk.
#pragma once

#include <cstdint>
#include <functional>
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
  bool complete = true;  // false: only type, mode, owner and device are known (tree walks)
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

// A physical walk below one directory, compact (about 40 bytes per entry): the entries of a
// directory are contiguous and sorted by name, so any subtree can be walked again from it.
struct FileTree {
  struct Node {
    std::uint32_t parent = 0;
    std::uint32_t first_child = 0;
    std::uint32_t child_count = 0;
    std::uint32_t name_offset = 0;
    std::uint32_t mode = 0;
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::uint16_t name_size = 0;
    std::uint16_t device = 0;  // index into devices
    bool descended = false;    // a directory whose entries were read
  };
  std::vector<Node> nodes;  // nodes[0] is the start directory
  std::string names;
  std::vector<std::uint64_t> devices;

  [[nodiscard]] std::string_view name(std::uint32_t index) const {
    return std::string_view(names).substr(nodes[index].name_offset, nodes[index].name_size);
  }
  [[nodiscard]] FileStat stat(std::uint32_t index) const;
  // The child of directory `dir` called `name`, if it was walked.
  [[nodiscard]] std::optional<std::uint32_t> child(std::uint32_t dir, std::string_view name) const;
};

// Called for each entry of a walk: a directory has an empty `name` and `dir` is its own path.
using TreeVisitor =
    std::function<void(const std::string& dir, std::string_view name, const FileStat& st)>;

class FileTreeCache {
 public:
  // Opens `root` ("/" for the host). Paths given to the methods are absolute inside it.
  static Expected<std::unique_ptr<FileTreeCache>> open(const std::string& root);

  // lstat (follow = false) or stat (follow = true) of `path` inside the root.
  [[nodiscard]] std::optional<FileStat> stat(std::string_view path, bool follow) const;

  // The entries of directory `path` (followed if a symlink), sorted by name; lstat data.
  [[nodiscard]] Expected<std::vector<DirEntry>> list(std::string_view path) const;

  // Visits `start` and everything below it, not following symlinks, entering other mounts
  // as `mode` allows. Local and defined walks share one walk of "/" for the whole run (the
  // start is looked up in it, through symlinks); "all" walks are made once per start.
  void walk(const std::string& start, FsMode mode, const TreeVisitor& visit);

  // Whether a mount's type counts as local (not proc, sysfs, autofs or a network file system).
  [[nodiscard]] bool is_local_device(std::uint64_t dev) const;

 private:
  explicit FileTreeCache(UniqueFd root) : root_(std::move(root)) {}
  void load_mounts();

  UniqueFd root_;
  std::unique_ptr<FileTree> build(const std::string& start, FsMode mode) const;
  std::optional<std::uint32_t> resolve(const FileTree& tree, std::string_view path) const;

  std::unique_ptr<FileTree> local_root_;
  std::map<std::string, std::unique_ptr<FileTree>> all_trees_;
  std::vector<std::uint64_t> nonlocal_devices_;
  bool mounts_loaded_ = false;
  bool root_is_host_ = false;
};

// The text of a path joined with a name ("/" + "etc" = "/etc").
std::string join_path(std::string_view dir, std::string_view name);

}  // namespace patchplan::harden
