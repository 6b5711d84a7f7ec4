// Builds the slice of apt's package cache that concerns the installed packages: the
// releases and package files of the configured sources, read in apt's order, then the
// status file (pkgCacheGenerator::BuildCache and MakeStatusCache, apt 2.6).
#pragma once

#include <string>
#include <vector>

#include "common/expected.hpp"
#include "common/root_fs.hpp"
#include "inventory/dpkg_status.hpp"
#include "updates/apt_config.hpp"
#include "updates/sources_list.hpp"
#include "updates/version_table.hpp"

namespace patchplan::updates {

struct AptCache {
  std::vector<ReleaseEntry> releases;
  std::vector<PackageFile> files;  // indexes in merge order, then the status file
  // One entry per package of the status database that has a current version, in the
  // same order; `installed[i]` is its index in StatusDatabase::packages.
  std::vector<std::size_t> installed;
  std::vector<PackageVersions> packages;
  std::vector<std::string> architecture_keys;  // the package's cache architecture
  std::size_t indexes_read = 0;
};

struct AptCacheInput {
  const AptConfig* config = nullptr;
  const SourcesList* sources = nullptr;
  std::vector<std::string> architectures;  // APT::Architectures, native first
  std::string native_architecture;
  std::string status_path;
};

// Reads the Release files and the Packages indexes of the sources (keeping only stanzas of
// installed packages), then merges the installed versions from the status file. Missing
// lists are warnings. Errors: unreadable or malformed Release files and indexes.
Expected<AptCache> build_apt_cache(const RootFs& root, const AptCacheInput& input,
                                   const inventory::StatusDatabase& status,
                                   std::vector<std::string>& warnings);

}  // namespace patchplan::updates
