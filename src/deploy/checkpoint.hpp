// Checkpoint: what a host had before a change, with copies of the installed .debs kept in
// patchplan's own pool, because the archive forgets an old version once a new one is out.
#pragma once

#include <string>
#include <vector>

#include "common/expected.hpp"
#include "deploy/precheck.hpp"
#include "deploy/transport.hpp"

namespace patchplan::deploy {

struct CheckpointEntry {
  std::string name;
  std::string architecture;
  std::string version;  // before the change; "" when the package was not installed
  std::string deb;      // the kept .deb in the pool (local path); "" when not installed
};

struct Checkpoint {
  std::vector<CheckpointEntry> entries;  // every package the change touches
};

// Records the state before the change of every package in `report.actions`, and keeps a
// copy of each installed one's .deb in `pool_dir`: from the host's apt cache, from the pool
// already, downloaded at its installed version (apt-get download), or else rebuilt from the
// installed files with dpkg-repack (--root=DIR for a tree). kNotFound names a package of
// which no copy can be had: such a change cannot be rolled back and must not start.
Expected<Checkpoint> take_checkpoint(Transport& transport, const PrecheckReport& report,
                                     const std::string& pool_dir);

std::string checkpoint_json(const Checkpoint& checkpoint);
Expected<Checkpoint> parse_checkpoint(std::string_view json);

// The file name apt gives the .deb of name, version and architecture in its archive cache
// (apt-pkg/acquire-item.cc: the version's ':' written "%3a").
std::string archive_file_name(const std::string& name, const std::string& version,
                              const std::string& architecture);

}  // namespace patchplan::deploy
