// Candidates and sizes from the target's apt state, read through RootFs over the
// transport's local tree with the updates module's readers.
#include "deploy/apt_indexes.hpp"

#include <charconv>
#include <set>

#include "common/byte_source.hpp"
#include "common/deb822.hpp"
#include "common/root_fs.hpp"
#include "updates/apt_config_file.hpp"
#include "updates/host_architectures.hpp"
#include "updates/index_plan.hpp"
#include "updates/packages_index.hpp"
#include "updates/sources_list.hpp"
#include "updates/update_assessment.hpp"

namespace patchplan::deploy {
namespace {

std::uint64_t number_field(const Paragraph& paragraph, std::string_view name) {
  auto field = find_field(paragraph, name);
  if (!field) return 0;
  std::string_view text = trim(field->value);
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::string field_text(const Paragraph& paragraph, std::string_view name) {
  auto field = find_field(paragraph, name);
  return field ? std::string(trim(field->value)) : std::string();
}

struct Wanted {
  std::string name;
  std::string architecture;  // "" : native or all
  std::string version;
  bool found = false;
};

}  // namespace

Expected<std::map<std::string, std::string>> installed_candidates(Transport& transport,
                                                                  const DpkgDatabase& database,
                                                                  const std::string& native) {
  auto root = RootFs::open(transport.local_tree());
  if (!root) return root.error();
  updates::UpdateOptions options;
  options.native_architecture = native;
  options.status_path = "/var/lib/dpkg/status";
  auto assessment = updates::assess_updates(*root, database.status, options);
  if (!assessment) return assessment.error();
  std::map<std::string, std::string> candidates;
  for (const auto& update : assessment->packages) {
    candidates[update.name + ":" + update.architecture] = update.candidate_version.value_or("");
  }
  return candidates;
}

Expected<std::vector<IndexVersion>> read_index_versions(
    Transport& transport, const std::vector<SimulatedAction>& wanted_actions,
    const std::string& native) {
  std::vector<Wanted> wanted;
  std::set<std::string> names;
  for (const auto& action : wanted_actions) {
    if (action.remove) continue;
    std::size_t colon = action.name.find(':');
    wanted.push_back({action.name.substr(0, colon),
                      colon == std::string::npos ? "" : action.name.substr(colon + 1),
                      action.new_version});
    names.insert(wanted.back().name);
  }
  std::vector<IndexVersion> found(wanted.size());
  if (wanted.empty()) return found;
  auto root = RootFs::open(transport.local_tree());
  if (!root) return root.error();
  std::vector<std::string> notices;
  auto config = updates::read_apt_config(*root, notices);
  if (!config) return config.error();
  auto sources = updates::read_sources_list(*root, *config, native);
  if (!sources) return sources.error();
  auto architectures =
      updates::apt_architectures(*root, *config, native, config->find_file("Dir::State::status"));
  auto plan = updates::plan_indexes(*sources, architectures, config->find_dir("Dir::State::lists"),
                                    notices);
  auto suffixes = updates::compression_suffixes(*config);
  std::size_t left = wanted.size();
  for (const auto& index : plan.indexes) {
    if (left == 0) break;
    auto path = updates::find_index_file(*root, index, suffixes);
    if (!path) continue;
    auto source = open_byte_source(*root, *path);
    if (!source) return source.error();
    ParagraphReader reader(std::move(*source));
    for (;;) {
      auto paragraph = reader.next();
      if (!paragraph) return paragraph.error();
      if (!*paragraph || left == 0) break;
      std::string name(updates::quick_package_name((*paragraph)->text));
      if (!names.contains(name)) continue;
      const Paragraph& stanza = **paragraph;
      std::string version = field_text(stanza, "Version");
      std::string architecture = field_text(stanza, "Architecture");
      for (std::size_t i = 0; i < wanted.size(); ++i) {
        auto& item = wanted[i];
        bool arch_matches = item.architecture.empty()
                                ? architecture == native || architecture == "all"
                                : architecture == item.architecture;
        if (item.found || item.name != name || item.version != version || !arch_matches) continue;
        item.found = true;
        --left;
        std::string built_from = field_text(stanza, "Source");
        built_from = built_from.substr(0, built_from.find(' '));  // "name (version)"
        found[i] = {name,
                    architecture,
                    version,
                    built_from.empty() ? name : built_from,
                    field_text(stanza, "Multi-Arch"),
                    {field_text(stanza, "Depends"), field_text(stanza, "Pre-Depends"),
                     field_text(stanza, "Breaks"), field_text(stanza, "Conflicts"),
                     field_text(stanza, "Provides")},
                    number_field(stanza, "Size"),
                    number_field(stanza, "Installed-Size") * 1024};
      }
    }
  }
  for (const auto& item : wanted) {
    if (!item.found) {
      return make_error(ErrorCode::kNotFound, "no package list of '{}' has '{}' {}",
                        transport.name(), item.name, item.version);
    }
  }
  return found;
}

ArchiveSizes sizes_of(const std::vector<IndexVersion>& versions) {
  ArchiveSizes sizes;
  for (const auto& version : versions) {
    sizes.download += version.size;
    sizes.installed += version.installed_size;
  }
  return sizes;
}

Expected<ArchiveSizes> index_sizes(Transport& transport,
                                   const std::vector<SimulatedAction>& actions,
                                   const std::string& native) {
  auto versions = read_index_versions(transport, actions, native);
  if (!versions) return versions.error();
  return sizes_of(*versions);
}

}  // namespace patchplan::deploy
