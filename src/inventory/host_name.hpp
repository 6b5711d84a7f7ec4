// The name patchplan gives a host: an explicit override, the kernel's node name for the
// local root, or the offline root's /etc/hostname or folder name.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/root_fs.hpp"

namespace patchplan::inventory {

// `override` when given. For the local root "/": gethostname(2) (uname(2)'s nodename).
// For another root: the first line of its /etc/hostname that is neither empty nor a
// comment (hostname(5)), trimmed, else the root folder's base name. A hostname file line
// that is not a valid host name (RFC 1123 letters, digits, '-', '.'; at most 253 bytes)
// is ignored like a missing file.
std::string host_name(const RootFs& root, std::optional<std::string> override);

// The same, appending a warning when /etc/hostname exists but cannot be used.
std::string host_name(const RootFs& root, std::optional<std::string> override,
                      std::vector<std::string>& warnings);

}  // namespace patchplan::inventory
