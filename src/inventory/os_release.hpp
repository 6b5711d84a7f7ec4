// The operating system's identity: os-release(5) and Debian's /etc/debian_version.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "common/root_fs.hpp"
#include "inventory/host_inventory.hpp"

namespace patchplan::inventory {

// Parses os-release text: "KEY=value" lines, values bare or in single or double quotes
// with shell-style backslash escapes, '#' comment lines and blank lines (os-release(5)).
// A line that breaks these rules is skipped with a warning "FILE:LINE: what".
OsRelease parse_os_release(std::string_view text, std::string_view file,
                           std::vector<std::string>& warnings);

// Reads /etc/os-release inside `root`, or /usr/lib/os-release when the former does not
// exist, as os-release(5) prescribes. kNotFound when neither exists.
Expected<OsRelease> read_os_release(const RootFs& root, std::vector<std::string>& warnings);

// The first line of /etc/debian_version, trimmed ("12.11", "trixie/sid"). kNotFound
// when the file does not exist.
Expected<std::string> read_debian_version(const RootFs& root);

}  // namespace patchplan::inventory
