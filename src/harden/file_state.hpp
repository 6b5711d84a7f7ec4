// The state of one path inside a root (kind, content, mode, owner, time), captured before and
// after a remediation fix and restored by its rollback.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "common/unique_fd.hpp"

namespace patchplan::harden {

enum class FileKind { kAbsent, kRegular, kDirectory, kSymlink, kOther };

struct FileState {
  FileKind kind = FileKind::kAbsent;
  std::uint32_t mode = 0;  // permission bits with setuid, setgid and sticky (07777)
  std::int64_t uid = 0;
  std::int64_t gid = 0;
  std::int64_t mtime_sec = 0;
  std::int64_t mtime_nsec = 0;
  std::int64_t size = 0;
  std::string sha256;   // regular files: of the content
  std::string target;   // symlinks
  std::string content;  // regular files: the bytes (not part of the JSON form)

  friend bool operator==(const FileState& a, const FileState& b) {
    return a.kind == b.kind && a.mode == b.mode && a.uid == b.uid && a.gid == b.gid &&
           a.mtime_sec == b.mtime_sec && a.mtime_nsec == b.mtime_nsec && a.sha256 == b.sha256 &&
           a.target == b.target;
  }
};

// The JSON form kept in the journal: {"kind","mode" (octal text),"uid","gid","mtime",
// "size","sha256"|"target"}; {"kind":"absent"} for a missing path.
nlohmann::json file_state_json(const FileState& state);

// Reads the JSON form back (content left empty). kInvalidInput for a malformed value.
Expected<FileState> file_state_from_json(const nlohmann::json& json);

// A root directory in which paths are captured and restored; every path is resolved inside
// it (openat2 RESOLVE_IN_ROOT), and the last component is never followed.
class FileRoot {
 public:
  // Opens `root`; an error names it.
  static Expected<FileRoot> open(const std::string& root);

  // The state of absolute `path`; regular files larger than `max_bytes` are refused.
  [[nodiscard]] Expected<FileState> capture(std::string_view path, std::size_t max_bytes) const;

  // Makes `path` what `state` says: removed (an empty directory, a file, a symlink), a
  // directory made or re-owned, a file or symlink written beside it and renamed over it.
  // Owner before mode, so setuid and setgid bits survive; the time last.
  [[nodiscard]] Status restore(std::string_view path, const FileState& state) const;

  // Sets the modification time of `path` (not followed) to the one of `state`.
  [[nodiscard]] Status restore_time(std::string_view path, const FileState& state) const;

  [[nodiscard]] const std::string& root() const { return root_; }

 private:
  FileRoot(std::string root, UniqueFd fd) : root_(std::move(root)), fd_(std::move(fd)) {}
  // The directory that holds `path`'s last component, opened O_PATH inside the root.
  [[nodiscard]] Expected<UniqueFd> open_parent(std::string_view path, std::string* name) const;

  std::string root_;
  UniqueFd fd_;
};

struct PathState {
  std::string path;
  FileState state;
};

// Makes every path what its state says, in an order that works for trees: removals deepest
// first, then the rest parents first, then the directories' times (which the steps before
// changed). Paths restored so far are appended to `done`.
Status apply_states(const FileRoot& root, std::vector<PathState> states,
                    std::vector<std::string>* done);

}  // namespace patchplan::harden
