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
#include "deploy/package_relations.hpp"
#include "deploy/transport.hpp"

namespace patchplan::deploy {

// apt's candidate of every installed package of `database`, keyed "name:arch" as in
// DpkgDatabase::packages ("" when apt has none): what apt-cache policy's "Candidate:"
// line says, by updates::assess_updates.
Expected<std::map<std::string, std::string>> installed_candidates(Transport& transport,
                                                                  const DpkgDatabase& database,
                                                                  const std::string& native);

// One version of a package as the target's Packages lists describe it.
struct IndexVersion {
  std::string name;
  std::string architecture;  // as the stanza says: the native one or "all"
  std::string version;
  std::string source;  // the Source field's name, else the package's
  std::string multi_arch;
  RelationFields relations;
  std::uint64_t size = 0;            // bytes of the .deb
  std::uint64_t installed_size = 0;  // bytes unpacked (Installed-Size is in KiB)
};

// The stanzas of `wanted` ("name" or "name:arch" with a version, as apt-get -s prints
// actions) from the target's Packages lists: the first stanza of each name, architecture
// and version in apt's index order, as apt-cache show prints it. A name without an
// architecture matches the native one or "all". kNotFound names a version no list has.
Expected<std::vector<IndexVersion>> read_index_versions(Transport& transport,
                                                        const std::vector<SimulatedAction>& wanted,
                                                        const std::string& native);

// Download and installed sizes of `actions`' new versions from the target's Packages lists
// (the first stanza of each name, architecture and version in apt's index order, as
// apt-cache show prints it): Size in bytes, Installed-Size in KiB (Debian Policy 5.6.20).
// kNotFound names a version that no list has.
Expected<ArchiveSizes> index_sizes(Transport& transport,
                                   const std::vector<SimulatedAction>& actions,
                                   const std::string& native);

// The summed sizes of `versions`.
ArchiveSizes sizes_of(const std::vector<IndexVersion>& versions);

}  // namespace patchplan::deploy
