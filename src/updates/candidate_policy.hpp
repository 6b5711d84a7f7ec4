// apt's candidate policy (pkgPolicy, apt-pkg/policy.cc; apt_preferences(5)): the priority
// of each package file and version, and the candidate version of a package.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "updates/preferences.hpp"
#include "updates/version_table.hpp"

namespace patchplan::updates {

// The architecture part of a pin's package name ("foo:i386", "foo:any", "foo" = native)
// against a package's architecture (PackageArchitectureMatchesSpecification).
bool architecture_matches_spec(std::string_view spec, std::string_view architecture);

class CandidatePolicy {
 public:
  // Computes the file priorities as pkgPolicy::InitDefaults: 500, the status file 100,
  // ButAutomaticUpgrades 100, NotAutomatic 1, then the first matching default pin
  // (APT::Default-Release at 990 first, then "Package: *" stanzas in order). Error
  // (kInvalidInput): a Default-Release that names no release, as apt refuses it.
  static Expected<CandidatePolicy> create(const std::vector<ReleaseEntry>& releases,
                                          const std::vector<PackageFile>& files,
                                          std::vector<PinStanza> stanzas,
                                          std::string_view default_release,
                                          std::string native_architecture, AptSemantics semantics);

  [[nodiscard]] int file_priority(std::size_t file_id) const { return file_priority_[file_id]; }

  // The pin of a version: the first package stanza (in file order) whose name, source
  // name ("src:"), glob or /regex/ and architecture match the package and whose
  // expression matches the version. nullopt when none applies.
  [[nodiscard]] std::optional<int> version_pin(std::string_view package,
                                               std::string_view architecture,
                                               const CacheVersion& version) const;

  // pkgPolicy::GetPriority(Ver): the version pin, else the highest priority of its files
  // (a status entry that is not the installed version counts -1); 0 when it has none.
  [[nodiscard]] int version_priority(std::string_view package, std::string_view architecture,
                                     const PackageVersions& versions, std::size_t index) const;

  // pkgPolicy::GetCandidateVer: walking the versions newest first, the first one with the
  // highest priority above 0 that is not older than the installed version unless its
  // priority is >= 1000. nullopt when there is no candidate.
  [[nodiscard]] std::optional<std::size_t> candidate(std::string_view package,
                                                     std::string_view architecture,
                                                     const PackageVersions& versions) const;

 private:
  CandidatePolicy(const std::vector<ReleaseEntry>& releases, const std::vector<PackageFile>& files,
                  std::vector<PinStanza> stanzas, std::string native_architecture,
                  AptSemantics semantics)
      : releases_(&releases),
        files_(&files),
        stanzas_(std::move(stanzas)),
        native_(std::move(native_architecture)),
        semantics_(semantics) {}

  const std::vector<ReleaseEntry>* releases_;
  const std::vector<PackageFile>* files_;
  std::vector<PinStanza> stanzas_;  // package-specific stanzas, in file order
  std::vector<int> file_priority_;
  std::string native_;
  AptSemantics semantics_;
};

}  // namespace patchplan::updates
