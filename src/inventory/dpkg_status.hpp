// The dpkg status database (/var/lib/dpkg/status) of a host: every package stanza,
// read as a stream, malformed stanzas skipped with a warning.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "common/root_fs.hpp"
#include "inventory/installed_package.hpp"

namespace patchplan::inventory {

inline constexpr std::string_view kDpkgStatusPath = "/var/lib/dpkg/status";

struct StatusDatabase {
  std::vector<InstalledPackage> packages;  // one per (name, architecture), in file order
  std::vector<std::string> warnings;       // "FILE:LINE: what", one per skipped/odd stanza
};

// Reads the status file `path` inside `root` (compressed files are decompressed). A stanza
// that is cut off, malformed, oversized, or has an invalid name, version or Status is
// skipped with a warning; a later stanza for the same name and architecture replaces the
// earlier one, as dpkg's per-architecture slots do, with a warning. Errors: the file
// cannot be opened (kNotFound when missing) or read.
Expected<StatusDatabase> read_dpkg_status(const RootFs& root,
                                          std::string_view path = kDpkgStatusPath);

}  // namespace patchplan::inventory
