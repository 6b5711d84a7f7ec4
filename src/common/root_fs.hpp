// RootFs: reads files of a host's file system, local ("/") or an offline root,
// resolving every path (symlinks included) inside that root.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "common/unique_fd.hpp"

namespace patchplan {

class RootFs {
 public:
  // Opens the root directory. Fails if `root` is not a readable directory.
  static Expected<RootFs> open(const std::string& root);

  // The root as given ("/" for the local host).
  [[nodiscard]] const std::string& root() const { return root_; }
  [[nodiscard]] bool is_host_root() const { return root_ == "/"; }

  // The path as a user would type it: root joined with `path`, for messages.
  [[nodiscard]] std::string display_path(std::string_view path) const;

  // Opens `path` (absolute or relative, always taken inside the root) for reading.
  // Absolute symlinks and ".." resolve against the root, never beyond it (openat2
  // RESOLVE_IN_ROOT). kNotFound when the file does not exist; kInvalidInput when it is not
  // a regular file (a directory, FIFO or device never blocks or is read).
  [[nodiscard]] Expected<UniqueFd> open_read(std::string_view path) const;

  // Reads a whole regular file of at most `max_bytes`; larger files are refused.
  [[nodiscard]] Expected<std::string> read_file(std::string_view path,
                                                std::size_t max_bytes = kDefaultMaxFile) const;

  // True if `path` names an existing file or directory inside the root.
  [[nodiscard]] bool exists(std::string_view path) const;

  // Names of the entries of directory `path` (without "." and ".."), sorted.
  [[nodiscard]] Expected<std::vector<std::string>> list_dir(std::string_view path) const;

  static constexpr std::size_t kDefaultMaxFile = 64u << 20;

 private:
  RootFs(std::string root, UniqueFd fd) : root_(std::move(root)), root_fd_(std::move(fd)) {}

  std::string root_;
  UniqueFd root_fd_;
};

}  // namespace patchplan
