// Which files of a ".d" directory apt reads (apt.conf.d, sources.list.d, preferences.d):
// apt's GetListOfFilesInDir (apt-pkg/contrib/fileutl.cc) rules for names and types.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "common/root_fs.hpp"

namespace patchplan::updates {

struct PartFiles {
  std::vector<std::string> paths;    // accepted files, `dir` joined with the name, sorted
  std::vector<std::string> notices;  // apt's "N: Ignoring file ..." notes, one line each
};

// The verdict on one directory entry name, before its file type is known.
enum class PartName { kAccepted, kHidden, kBadExtension, kNoExtension, kBadCharacter };

// Applies apt's name rules: names starting with '.' are hidden; the extension (text after
// the last '.') must be one of `extensions`, or absent when `allow_no_extension`; the
// name may hold only ASCII letters, digits, '_', '-', ':' and '.'; it must not end in '.'.
PartName classify_part_name(std::string_view name, const std::vector<std::string>& extensions,
                            bool allow_no_extension);

// Lists directory `dir` inside `root` with those rules. Directories are skipped silently,
// other non-regular entries (dangling links included) with a notice, as apt does; apt's
// default Dir::Ignore-Files-Silently patterns (~, .disabled, .bak, .dpkg-*, .ucf-*, .save,
// .orig, .distUpgrade) suppress the notices. Error: `dir` cannot be read (kNotFound when
// it does not exist).
Expected<PartFiles> list_part_files(const RootFs& root, std::string_view dir,
                                    const std::vector<std::string>& extensions,
                                    bool allow_no_extension);

// True when `path` inside `root` exists and is a regular file (after symlinks).
bool is_regular_file(const RootFs& root, std::string_view path);

}  // namespace patchplan::updates
