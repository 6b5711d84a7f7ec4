// The part of apt's package cache that candidate selection needs: release files,
// package files (indexes and the status file) and, per package, its versions in apt's
// order with the files each version came from (apt-pkg/pkgcachegen.cc).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "updates/packages_index.hpp"
#include "updates/release_file.hpp"

namespace patchplan::updates {

// A release (one Release/InRelease per source URI and suite), as pkgCache::ReleaseFile.
struct ReleaseEntry {
  std::optional<ReleaseInfo> info;  // nullopt when neither InRelease nor Release exists
  std::string uri;                  // the source URI, ending in '/'
  std::string suite;                // the suite as configured
  std::string site;                 // the URI's host (pin "origin"); empty for local URIs
  std::string path;                 // the InRelease (or Release) list file
};

// A package file, as pkgCache::PackageFile: a Packages index, or the status file.
struct PackageFile {
  std::optional<std::size_t> release;  // index into the release table; none for status
  bool is_status = false;              // apt's Flag::NotSource
  std::string component;               // "main"; empty for flat; "now" for the status file
  std::string architecture;            // index architecture: "amd64", "all"; empty when none
  std::string path;                    // the list file (or status file) read
};

// One version of a package in the cache.
struct CacheVersion {
  std::string version;
  std::string source;
  std::string source_version;
  std::optional<unsigned> phased_update_percentage;
  VersionIdentity identity;
  std::vector<std::size_t> files;  // package file ids in the order apt links them
};

// The versions of one package (name and architecture; "all" counts as native).
struct PackageVersions {
  std::vector<CacheVersion> versions;  // apt's VersionList order: newest first
  std::optional<std::size_t> current;  // the installed version, if any
};

// pkgCacheGenerator::MergeListVersion: adds `stanza`, read from package file `file_id`,
// to `package`: merged into an existing version of equal version string that
// SameVersion accepts, or inserted after the versions not older than it (status-only
// versions of equal version are passed when a source file is read). Returns the index of
// the version that holds the stanza.
std::size_t merge_version(PackageVersions& package, const PackageStanza& stanza,
                          std::size_t file_id, const std::vector<PackageFile>& files);

}  // namespace patchplan::updates
