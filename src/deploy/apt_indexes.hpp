// What the pre-checks ask of apt, answered in-process from the target's apt configuration,
// sources and lists (the updates module) instead of apt-cache runs: the candidates of the
// installed packages and the archive sizes of the versions a change brings.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "deploy/dpkg_database.hpp"
#include "deploy/host_packages.hpp"
#include "deploy/transport.hpp"

namespace patchplan::deploy {

// apt's candidate of every installed package of `database`, keyed "name:arch" as in
// DpkgDatabase::packages ("" when apt has none): what apt-cache policy's "Candidate:"
// line says, by updates::assess_updates.
Expected<std::map<std::string, std::string>> installed_candidates(Transport& transport,
                                                                  const DpkgDatabase& database,
                                                                  const std::string& native);

// Download and installed sizes of `actions`' new versions from the target's Packages lists
// (the first stanza of each name, architecture and version in apt's index order, as
// apt-cache show prints it): Size in bytes, Installed-Size in KiB (Debian Policy 5.6.20).
// kNotFound names a version that no list has.
Expected<ArchiveSizes> index_sizes(Transport& transport,
                                   const std::vector<SimulatedAction>& actions,
                                   const std::string& native);

}  // namespace patchplan::deploy
