// The installed packages' part of apt's cache: releases (debReleaseIndex::Merge), package
// indexes in sources order (BuildCache), then the status file (debStatusIndex::Merge).
#include "updates/apt_cache.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "common/byte_source.hpp"
#include "updates/apt_words.hpp"
#include "updates/index_plan.hpp"
#include "updates/list_file_names.hpp"
#include "updates/status_identity.hpp"

namespace patchplan::updates {
namespace {

std::string package_key(std::string_view name, std::string_view arch) {
  std::string key = detail::to_lower_ascii(name);
  key.push_back('\0');
  key.append(arch);
  return key;
}

Status read_releases(const RootFs& root, const PlannedIndexes& plan, AptCache& cache,
                     std::vector<std::string>& warnings) {
  for (const PlannedRelease& planned : plan.releases) {
    ReleaseEntry release{std::nullopt, planned.uri, planned.suite,
                         ParsedUri::parse(planned.uri).host, planned.in_release_path};
    // ReleaseFileName: InRelease when it exists, else Release.
    if (!root.exists(release.path) && root.exists(planned.release_path)) {
      release.path = planned.release_path;
    }
    if (root.exists(release.path)) {
      auto info = read_release_file(root, release.path, warnings);
      if (!info) return info.error();
      release.info = std::move(*info);
    }
    cache.releases.push_back(std::move(release));
  }
  return ok();
}

class CacheFiller {
 public:
  CacheFiller(const RootFs& root, AptCache& cache, std::vector<std::string>& warnings)
      : root_(root), cache_(cache), warnings_(warnings) {}

  void add_installed(const inventory::StatusDatabase& status, const std::string& native) {
    for (std::size_t i = 0; i < status.packages.size(); ++i) {
      const auto& package = status.packages[i];
      if (!package.has_current_version()) continue;
      std::string arch = package.architecture == "all" ? native : package.architecture;
      slots_.emplace(package_key(package.name, arch), cache_.packages.size());
      names_.insert(detail::to_lower_ascii(package.name));
      cache_.installed.push_back(i);
      cache_.packages.emplace_back();
      cache_.architecture_keys.push_back(std::move(arch));
    }
  }

  Status read_index(std::size_t release, const PlannedIndex& index, const std::string& path,
                    const std::string& native) {
    std::size_t file_id = cache_.files.size();
    cache_.files.push_back(PackageFile{release, false, index.component, index.architecture, path});
    auto source = open_byte_source(root_, path);
    if (!source) return source.error().context("cannot read package index");
    ++cache_.indexes_read;
    return read_package_stanzas(
        std::move(*source),
        [&](std::string_view name) { return names_.contains(std::string(name)); },
        [&](PackageStanza&& stanza) {
          std::string arch = stanza.architecture == "all" ? native : stanza.architecture;
          auto slot = slots_.find(package_key(stanza.package, arch));
          if (slot == slots_.end()) return;
          merge_version(cache_.packages[slot->second], stanza, file_id, cache_.files);
        },
        warnings_);
  }

  Status add_status(const inventory::StatusDatabase& status, const std::string& status_path) {
    std::size_t file_id = cache_.files.size();
    cache_.files.push_back(PackageFile{std::nullopt, true, "now", "", status_path});
    auto identities = read_status_identities(root_, status_path);
    if (!identities) return identities.error();
    for (std::size_t slot = 0; slot < cache_.installed.size(); ++slot) {
      const auto& package = status.packages[cache_.installed[slot]];
      PackageStanza stanza;
      stanza.package = detail::to_lower_ascii(package.name);
      stanza.architecture = package.architecture;
      stanza.version = package.version;
      stanza.source = package.source;
      stanza.source_version = package.source_version;
      stanza.line = package.line;
      auto identity = identities->find(package.line);
      if (identity != identities->end()) {
        stanza.identity = identity->second;
      } else {
        stanza.identity = VersionIdentity{apt_version_hash({}), 0,
                                          apt_multi_arch(package.multi_arch, package.architecture)};
      }
      PackageVersions& versions = cache_.packages[slot];
      std::size_t index = merge_version(versions, stanza, file_id, cache_.files);
      versions.current = index;
    }
    return ok();
  }

 private:
  const RootFs& root_;
  AptCache& cache_;
  std::vector<std::string>& warnings_;
  std::unordered_map<std::string, std::size_t> slots_;
  std::unordered_set<std::string> names_;
};

}  // namespace

Expected<AptCache> build_apt_cache(const RootFs& root, const AptCacheInput& input,
                                   const inventory::StatusDatabase& status,
                                   std::vector<std::string>& warnings) {
  AptCache cache;
  CacheFiller filler(root, cache, warnings);
  filler.add_installed(status, input.native_architecture);

  std::string lists_dir = input.config->find_dir("Dir::State::lists");
  bool have_lists = static_cast<bool>(root.list_dir(lists_dir));
  if (!have_lists) {
    warnings.push_back(fmt::format(
        "package lists folder '{}' does not exist: no source can be used (run apt-get update)",
        root.display_path(lists_dir)));
  }
  PlannedIndexes plan = plan_indexes(*input.sources, input.architectures, lists_dir, warnings);
  if (auto status_read = read_releases(root, plan, cache, warnings); !status_read) {
    return status_read.error();
  }

  std::vector<std::string> suffixes = compression_suffixes(*input.config);
  std::vector<bool> release_has_lists(plan.releases.size(), false);
  for (const PlannedIndex& index : plan.indexes) {
    auto path = have_lists ? find_index_file(root, index, suffixes) : std::nullopt;
    if (!path) continue;
    if (path->ends_with(".bz2") || path->ends_with(".lzma")) {
      return make_error(ErrorCode::kInvalidInput,
                        "cannot read package index '{}': bzip2 and lzma lists are not supported",
                        root.display_path(*path));
    }
    release_has_lists[index.release] = true;
    if (auto read = filler.read_index(index.release, index, *path, input.native_architecture);
        !read) {
      return read.error();
    }
  }
  if (have_lists) {
    for (std::size_t i = 0; i < plan.releases.size(); ++i) {
      bool has_deb = std::any_of(plan.indexes.begin(), plan.indexes.end(),
                                 [&](const PlannedIndex& index) { return index.release == i; });
      if (has_deb && !release_has_lists[i]) {
        warnings.push_back(fmt::format("{}: no package lists for '{} {}' (run apt-get update)",
                                       plan.releases[i].origin, plan.releases[i].uri,
                                       plan.releases[i].suite));
      }
    }
  }
  if (auto status_read = filler.add_status(status, input.status_path); !status_read) {
    return status_read.error();
  }
  return cache;
}

}  // namespace patchplan::updates
