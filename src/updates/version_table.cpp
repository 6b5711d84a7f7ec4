// Version merging in apt's order (pkgCacheGenerator::MergeListVersion, apt 2.6).
#include "updates/version_table.hpp"

#include <algorithm>

#include "versions/deb_version.hpp"

namespace patchplan::updates {
namespace {

bool only_status_files(const CacheVersion& version, const std::vector<PackageFile>& files) {
  return std::all_of(version.files.begin(), version.files.end(),
                     [&](std::size_t id) { return files[id].is_status; });
}

}  // namespace

std::size_t merge_version(PackageVersions& package, const PackageStanza& stanza,
                          std::size_t file_id, const std::vector<PackageFile>& files) {
  bool from_status = files[file_id].is_status;
  auto& list = package.versions;
  std::size_t i = 0;
  int order = 1;
  for (; i < list.size(); ++i) {
    order = versions::compare_deb_version_strings(stanza.version, list[i].version);
    if (order > 0) break;  // newer than this one: insert here
    if (order == 0) {
      if (same_version(list[i].identity, stanza.identity)) break;
      // "sort (volatile) sources above not-sources like the status file"
      if (!from_status && only_status_files(list[i], files)) break;
    }
  }

  if (order == 0 && i < list.size() && list[i].identity.hash == stanza.identity.hash) {
    CacheVersion& existing = list[i];
    existing.files.push_back(file_id);
    // debListParser::ParseStatus: a source file fills in the size the status lacks.
    if (!from_status && existing.identity.size == 0) existing.identity.size = stanza.identity.size;
    // UsePackage sets Phased-Update-Percentage from every stanza that has one.
    if (stanza.phased_update_percentage) {
      existing.phased_update_percentage = stanza.phased_update_percentage;
    }
    return i;
  }

  CacheVersion version;
  version.version = stanza.version;
  version.source = stanza.source;
  version.source_version = stanza.source_version;
  version.phased_update_percentage = stanza.phased_update_percentage;
  version.identity = stanza.identity;
  version.files.push_back(file_id);
  list.insert(list.begin() + static_cast<std::ptrdiff_t>(i), std::move(version));
  if (package.current && *package.current >= i) ++*package.current;
  return i;
}

}  // namespace patchplan::updates
