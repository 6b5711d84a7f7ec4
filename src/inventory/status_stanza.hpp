// One stanza of the dpkg status file turned into an InstalledPackage, with dpkg's
// checks (lib/dpkg/parse.c pkg_parse_verify) plus Debian Policy's name and version rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/deb822.hpp"
#include "common/expected.hpp"
#include "inventory/installed_package.hpp"

namespace patchplan::inventory::detail {

// Parses `paragraph` of status file `file`. An error (kInvalidInput, "FILE:LINE: what")
// means the stanza must be skipped; problems that keep the stanza (a missing
// Architecture) are appended to `warnings`.
Expected<InstalledPackage> parse_status_stanza(const Paragraph& paragraph, std::string_view file,
                                               std::vector<std::string>& warnings);

}  // namespace patchplan::inventory::detail
