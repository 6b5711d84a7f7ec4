// Which files a file-like OVAL object designates: filepath, or path + filename, with the
// behaviors max_depth, recurse, recurse_direction and recurse_file_system (OVAL 5.11
// FileBehaviors), traversed as OpenSCAP's oval_fts.c does.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "harden/probes/file_tree.hpp"
#include "harden/probes/probe.hpp"

namespace patchplan::harden {

// A designated file: its directory, its name ("" for a directory item, filename xsi:nil),
// and its lstat data (stat data of the directory itself for directory items).
struct FoundFile {
  std::string path;
  std::string filename;
  FileStat st;
};

using FoundVisitor = std::function<void(const FoundFile&)>;

// Visits every designated file once. Errors: a location entity that cannot be interpreted
// (an operation other than equals / pattern match, an invalid pattern).
Status find_files(ProbeContext& context, const ObjectRequest& request, const FoundVisitor& visit);

// The file_item of a designated file (OVAL 5.11 unix-system-characteristics).
Item file_item(const FoundFile& found);

// The literal directory a path pattern starts with ("^/etc/audit/rules\.d/.*" ->
// "/etc/audit/rules.d"), as oscap's extract_fixed_path_prefix; "/" when none.
std::string fixed_path_prefix(std::string_view pattern);

}  // namespace patchplan::harden
