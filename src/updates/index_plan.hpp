// Which Release and Packages list files apt uses for the configured sources: one release
// per (URI, suite), one Packages target per component and architecture, named as apt
// names them in Dir::State::lists (debReleaseIndex::GetIndexTargets, debmetaindex.cc).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/root_fs.hpp"
#include "updates/apt_config.hpp"
#include "updates/sources_list.hpp"

namespace patchplan::updates {

struct PlannedRelease {
  std::string uri;              // source URI, ending in '/'
  std::string suite;            // as configured
  std::string in_release_path;  // lists dir + name of InRelease
  std::string release_path;     // lists dir + name of Release
  std::string origin;           // "FILE:LINE" of the first entry that named it
};

struct PlannedIndex {
  std::size_t release = 0;   // index into PlannedIndexes::releases
  std::string component;     // empty for a flat repository
  std::string architecture;  // "amd64", "all"; empty for a flat repository
  std::string uri;           // the index URI without compression suffix
  std::string path;          // lists dir + URItoFileName(uri), without suffix
};

struct PlannedIndexes {
  std::vector<PlannedRelease> releases;  // in apt's order (first appearance)
  std::vector<PlannedIndex> indexes;     // in apt's merge order
};

// The compression suffixes apt tries after the plain name (Acquire::CompressionTypes,
// with ::Order first): ".xz", ".bz2", ".lzma", ".gz", ".lz4", ".zst" by default.
std::vector<std::string> compression_suffixes(const AptConfig& config);

// Plans the indexes of the "deb" entries. `architectures` is APT::Architectures in
// order (native first). An entry's arch= option replaces them, arch+= and arch-= edit
// them; "all" is added implicitly unless removed. Duplicate targets are planned once.
PlannedIndexes plan_indexes(const SourcesList& sources,
                            const std::vector<std::string>& architectures,
                            const std::string& lists_dir, std::vector<std::string>& notices);

// The list file apt reads for `index`: the plain name, else the first compressed name
// that exists (pkgDebianIndexTargetFile::IndexFileName). nullopt when none exists.
std::optional<std::string> find_index_file(const RootFs& root, const PlannedIndex& index,
                                           const std::vector<std::string>& suffixes);

}  // namespace patchplan::updates
