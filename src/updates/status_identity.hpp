// The cache identity (VersionHash, Size, Multi-Arch) of each dpkg status stanza, which
// decides whether apt merges an installed version with an archive version of the same
// version string. Only these fields are read; the package state is the inventory's.
#pragma once

#include <cstddef>
#include <string_view>
#include <unordered_map>

#include "common/expected.hpp"
#include "common/root_fs.hpp"
#include "updates/version_identity.hpp"

namespace patchplan::updates {

// Identities keyed by the first line of each stanza (InstalledPackage::line). Errors: the
// file cannot be read or decompressed; stanzas the inventory skips are simply absent.
Expected<std::unordered_map<std::size_t, VersionIdentity>> read_status_identities(
    const RootFs& root, std::string_view status_path);

}  // namespace patchplan::updates
