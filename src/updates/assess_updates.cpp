// assess_updates: apt's configuration, sources, cache and policy put together, and the
// upgradable decision of `apt list --upgradable` (apt-private/private-cacheset.cc
// GetLocalitySortedVersionSet: CurrentVer && Upgradable(); depcache.cc StateCache::Update
// with VerIterator::CompareVer, which orders by position in the version list).
#include <algorithm>

#include "common/diagnostics.hpp"
#include "updates/apt_cache.hpp"
#include "updates/apt_config_file.hpp"
#include "updates/candidate_policy.hpp"
#include "updates/host_architectures.hpp"
#include "updates/update_assessment.hpp"

namespace patchplan::updates {
namespace {

ReleaseOrigin origin_of(const AptCache& cache, const CandidatePolicy& policy, std::size_t file_id) {
  const PackageFile& file = cache.files[file_id];
  ReleaseOrigin origin;
  origin.component = file.component;
  origin.priority = policy.file_priority(file_id);
  if (file.release) {
    const ReleaseEntry& release = cache.releases[*file.release];
    origin.archive_uri = release.uri;
    if (release.info) {
      origin.has_release_file = true;
      origin.origin = release.info->origin;
      origin.label = release.info->label;
      origin.suite = release.info->suite;
      origin.codename = release.info->codename;
      origin.version = release.info->version;
    }
  }
  return origin;
}

std::vector<ReleaseOrigin> origins_of(const AptCache& cache, const CandidatePolicy& policy,
                                      const CacheVersion& version) {
  std::vector<ReleaseOrigin> origins;
  for (std::size_t id : version.files) {
    if (!cache.files[id].is_status) origins.push_back(origin_of(cache, policy, id));
  }
  return origins;
}

// The version table of one package with priorities, as `apt-cache policy` shows it, for
// --debug=updates.
void debug_version_table(const AptCache& cache, const CandidatePolicy& policy,
                         std::string_view name, std::string_view arch,
                         const PackageVersions& versions, std::optional<std::size_t> candidate) {
  if (!diag::debug_enabled("updates")) return;
  diag::debug("updates", "{}:{} candidate {}", name, arch,
              candidate ? versions.versions[*candidate].version : std::string("(none)"));
  for (std::size_t i = 0; i < versions.versions.size(); ++i) {
    const CacheVersion& version = versions.versions[i];
    diag::debug("updates", "  {} {} {}", versions.current == i ? "***" : "   ", version.version,
                policy.version_priority(name, arch, versions, i));
    for (std::size_t id : version.files) {
      diag::debug("updates", "        {} {}", policy.file_priority(id), cache.files[id].path);
    }
  }
}

PackageUpdate assess_package(const AptCache& cache, const CandidatePolicy& policy,
                             const inventory::InstalledPackage& installed, std::size_t slot) {
  const PackageVersions& versions = cache.packages[slot];
  const std::string& arch_key = cache.architecture_keys[slot];
  std::size_t current = *versions.current;

  PackageUpdate update;
  update.name = installed.name;
  update.architecture = installed.architecture;
  update.installed_version = installed.version;
  update.installed_from = origins_of(cache, policy, versions.versions[current]);

  std::string name = installed.name;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
  std::optional<std::size_t> candidate = policy.candidate(name, arch_key, versions);
  debug_version_table(cache, policy, name, arch_key, versions, candidate);
  if (!candidate) return update;
  const CacheVersion& chosen = versions.versions[*candidate];
  update.candidate_version = chosen.version;
  update.candidate_architecture = (chosen.identity.multi_arch & kMultiArchAll) ? "all" : arch_key;
  update.candidate_source = chosen.source;
  update.candidate_source_version = chosen.source_version;
  update.candidate_from = origins_of(cache, policy, chosen);
  update.candidate_priority = policy.version_priority(name, arch_key, versions, *candidate);
  update.phased_update_percentage = chosen.phased_update_percentage;
  // CompareVer: the candidate is "newer" when the installed version comes after it.
  update.is_upgradable = *candidate < current;
  update.security = std::any_of(update.candidate_from.begin(), update.candidate_from.end(),
                                [](const ReleaseOrigin& origin) { return origin.is_security(); });
  return update;
}

}  // namespace

bool ReleaseOrigin::is_security() const {
  return label == "Debian-Security" || suite.ends_with("-security") ||
         codename.ends_with("-security");
}

std::vector<const PackageUpdate*> UpdateAssessment::upgradable() const {
  std::vector<const PackageUpdate*> list;
  for (const PackageUpdate& package : packages) {
    if (package.is_upgradable) list.push_back(&package);
  }
  // apt list sorts by the package's full name "name:arch" (arch "all" counts as native).
  auto key = [this](const PackageUpdate* package) {
    std::string arch = package->architecture == "all" ? native_architecture : package->architecture;
    return package->name + ":" + arch;
  };
  std::sort(list.begin(), list.end(),
            [&](const PackageUpdate* a, const PackageUpdate* b) { return key(a) < key(b); });
  return list;
}

Expected<UpdateAssessment> assess_updates(const RootFs& root,
                                          const inventory::StatusDatabase& status,
                                          const UpdateOptions& options) {
  UpdateAssessment assessment;
  auto config = read_apt_config(root, assessment.warnings);
  if (!config) return config.error();

  assessment.native_architecture =
      native_architecture(options.native_architecture, *config, status);
  if (assessment.native_architecture.empty()) {
    return make_error(ErrorCode::kInvalidInput,
                      "cannot tell the native architecture of '{}': no APT::Architecture and no "
                      "installed dpkg",
                      root.root());
  }
  std::string status_path =
      options.status_path.empty() ? config->find_file("Dir::State::status") : options.status_path;
  assessment.architectures =
      apt_architectures(root, *config, assessment.native_architecture, status_path);
  assessment.semantics = options.semantics.value_or(installed_apt_semantics(status));

  auto sources = read_sources_list(root, *config, assessment.native_architecture);
  if (!sources) return sources.error();
  assessment.warnings.insert(assessment.warnings.end(), sources->notices.begin(),
                             sources->notices.end());

  AptCacheInput input{&*config, &*sources, assessment.architectures, assessment.native_architecture,
                      status_path};
  auto cache = build_apt_cache(root, input, status, assessment.warnings);
  if (!cache) return cache.error();
  assessment.indexes_read = cache->indexes_read;

  auto stanzas = read_preferences(root, *config, assessment.semantics, assessment.warnings);
  if (!stanzas) return stanzas.error();
  auto policy = CandidatePolicy::create(cache->releases, cache->files, std::move(*stanzas),
                                        config->find("APT::Default-Release"),
                                        assessment.native_architecture, assessment.semantics);
  if (!policy) return policy.error();

  for (std::size_t slot = 0; slot < cache->installed.size(); ++slot) {
    const auto& installed = status.packages[cache->installed[slot]];
    assessment.packages.push_back(assess_package(*cache, *policy, installed, slot));
  }
  return assessment;
}

}  // namespace patchplan::updates
