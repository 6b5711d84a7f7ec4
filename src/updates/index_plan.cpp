// Index targets of "deb" sources, after debSLTypeDebian::CreateItemInternal,
// GetDebReleaseIndexBy and GetIndexTargetsFor (apt 2.6 apt-pkg/deb/debmetaindex.cc).
#include "updates/index_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "updates/apt_words.hpp"
#include "updates/list_file_names.hpp"

namespace patchplan::updates {
namespace {

const std::string* option(const SourceEntry& entry, const std::string& name) {
  auto found = entry.options.find(name);
  return found == entry.options.end() ? nullptr : &found->second;
}

// parsePlusMinusArchOptions: arch= replaces the list, arch+= appends, arch-= removes;
// "implicit:all" is added unless "all" is listed or explicitly removed.
std::vector<std::string> entry_architectures(const SourceEntry& entry,
                                             const std::vector<std::string>& defaults) {
  std::vector<std::string> archs = defaults;
  if (const std::string* value = option(entry, "arch")) archs = detail::vectorize(*value, ',');
  if (const std::string* plus = option(entry, "arch+")) {
    for (const std::string& arch : detail::vectorize(*plus, ',')) {
      if (std::find(archs.begin(), archs.end(), arch) == archs.end()) archs.push_back(arch);
    }
  }
  bool all_removed = false;
  if (const std::string* minus = option(entry, "arch-")) {
    std::vector<std::string> removed = detail::vectorize(*minus, ',');
    all_removed = std::find(removed.begin(), removed.end(), "all") != removed.end();
    std::erase_if(archs, [&](const std::string& arch) {
      return std::find(removed.begin(), removed.end(), arch) != removed.end();
    });
  }
  if (!all_removed && std::find(archs.begin(), archs.end(), "all") == archs.end()) {
    archs.push_back("implicit:all");
  }
  return archs;
}

// Whether the Packages target is among the entry's targets (target=, target+=, target-=,
// and "Packages=yes|no").
bool wants_packages(const SourceEntry& entry) {
  bool wanted = true;
  if (const std::string* value = option(entry, "target")) {
    auto targets = detail::vectorize(*value, ',');
    wanted = std::find(targets.begin(), targets.end(), "Packages") != targets.end();
  }
  if (const std::string* plus = option(entry, "target+")) {
    auto targets = detail::vectorize(*plus, ',');
    wanted = wanted || std::find(targets.begin(), targets.end(), "Packages") != targets.end();
  }
  if (const std::string* minus = option(entry, "target-")) {
    auto targets = detail::vectorize(*minus, ',');
    wanted = wanted && std::find(targets.begin(), targets.end(), "Packages") == targets.end();
  }
  if (const std::string* value = option(entry, "Packages")) {
    wanted = detail::string_to_bool(*value, wanted ? 1 : 0) != 0;
  }
  return wanted;
}

std::size_t release_for(PlannedIndexes& plan, const SourceEntry& entry,
                        const std::string& lists_dir) {
  std::string in_release =
      lists_dir + uri_to_file_name(meta_index_uri(entry.uri, entry.suite, "InRelease"));
  for (std::size_t i = 0; i < plan.releases.size(); ++i) {
    if (plan.releases[i].in_release_path == in_release) return i;
  }
  plan.releases.push_back(PlannedRelease{
      entry.uri, entry.suite, in_release,
      lists_dir + uri_to_file_name(meta_index_uri(entry.uri, entry.suite, "Release")),
      entry.origin});
  return plan.releases.size() - 1;
}

}  // namespace

std::vector<std::string> compression_suffixes(const AptConfig& config) {
  static constexpr std::array<std::string_view, 6> kKnown = {"xz", "bz2", "lzma",
                                                             "gz", "lz4", "zst"};
  std::vector<std::string> types;
  auto add = [&](std::string_view type) {
    if (std::find(kKnown.begin(), kKnown.end(), type) == kKnown.end()) return;
    if (std::find(types.begin(), types.end(), type) == types.end()) types.emplace_back(type);
  };
  for (const std::string& type : config.find_vector("Acquire::CompressionTypes::Order")) add(type);
  for (std::string_view type : kKnown) add(type);
  for (std::string& type : types) type.insert(0, ".");
  return types;
}

PlannedIndexes plan_indexes(const SourcesList& sources,
                            const std::vector<std::string>& architectures,
                            const std::string& lists_dir, std::vector<std::string>& notices) {
  PlannedIndexes plan;
  // Index targets are created per release, in the order releases first appear.
  std::vector<std::vector<const SourceEntry*>> entries_by_release;
  for (const SourceEntry& entry : sources.entries) {
    std::size_t release = release_for(plan, entry, lists_dir);
    if (entries_by_release.size() <= release) entries_by_release.resize(release + 1);
    if (entry.type == "deb") entries_by_release[release].push_back(&entry);
  }
  for (std::size_t release = 0; release < entries_by_release.size(); ++release) {
    for (const SourceEntry* entry : entries_by_release[release]) {
      if (!wants_packages(*entry)) continue;
      bool flat = entry->suite.back() == '/';
      std::string base = meta_index_uri(entry->uri, entry->suite, "");
      std::vector<std::string> archs = entry_architectures(*entry, architectures);
      for (const std::string& listed : archs) {
        std::string arch = listed == "implicit:all" ? "all" : listed;
        std::string key =
            flat ? "Packages" : fmt::format("{}/binary-{}/Packages", entry->component, arch);
        std::string uri = base + key;
        bool duplicate =
            std::any_of(plan.indexes.begin(), plan.indexes.end(),
                        [&](const PlannedIndex& planned) { return planned.uri == uri; });
        if (duplicate) {
          notices.push_back(fmt::format("{}: target Packages ({}) is configured more than once",
                                        entry->origin, key));
        } else {
          plan.indexes.push_back(PlannedIndex{release, flat ? "" : entry->component,
                                              flat ? "" : arch, uri,
                                              lists_dir + uri_to_file_name(uri)});
        }
        if (flat) break;  // a flat repository has one Packages file for all architectures
      }
    }
  }
  return plan;
}

std::optional<std::string> find_index_file(const RootFs& root, const PlannedIndex& index,
                                           const std::vector<std::string>& suffixes) {
  if (root.exists(index.path)) return index.path;
  for (const std::string& suffix : suffixes) {
    std::string path = index.path + suffix;
    if (root.exists(path)) return path;
  }
  return std::nullopt;
}

}  // namespace patchplan::updates
