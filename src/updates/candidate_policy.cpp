// pkgPolicy of apt 2.6 (apt-pkg/policy.cc): InitDefaults, CreatePin, GetPriority and
// GetCandidateVer; apt 3.0's "never" pins where AptSemantics::kApt30 is asked for.
#include "updates/candidate_policy.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <limits>

#include "updates/version_match.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::updates {
namespace {

// CompleteArch (apt-pkg/cachefilter.cc): "amd64" is "linux-amd64", "any" is "*-*",
// an "any" part of "os-cpu" becomes '*'.
std::string complete_architecture(std::string_view arch, bool is_pattern) {
  if (is_pattern && arch == "any") return "*-*";
  std::size_t dash = arch.find('-');
  if (dash == std::string_view::npos) return "linux-" + std::string(arch);
  std::string os(arch.substr(0, dash));
  std::string cpu(arch.substr(dash + 1));
  if (is_pattern && os == "any") os = "*";
  if (is_pattern && cpu == "any") cpu = "*";
  return os + "-" + cpu;
}

// The package part of a pin name, split from "src:" and ":arch" as CreatePin does.
struct PinName {
  bool source = false;
  std::string name;
  std::string arch;  // empty: the native architecture
  bool pattern = false;
};

PinName split_pin_name(std::string_view text) {
  PinName pin;
  if (text.starts_with("src:")) {
    pin.source = true;
    text.remove_prefix(4);
  }
  std::size_t colon = text.rfind(':');
  if (colon != std::string_view::npos) {
    pin.arch = std::string(text.substr(colon + 1));
    text = text.substr(0, colon);
  }
  pin.name = std::string(text);
  pin.pattern = (!pin.name.empty() && pin.name.front() == '/' && pin.name.back() == '/') ||
                pin.name.find_first_of("*[?") != std::string::npos;
  return pin;
}

// pkgPolicy's check of APT::Default-Release: some package file's archive, codename or
// version matches it, or it is a "key=value" expression (always accepted).
bool names_a_release(std::string_view default_release, const std::vector<ReleaseEntry>& releases,
                     const std::vector<PackageFile>& files) {
  if (default_release.size() > 2 && default_release[1] == '=') return true;
  return std::any_of(files.begin(), files.end(), [&](const PackageFile& file) {
    if (!file.release) return expression_matches(default_release, file.component);  // "now"
    const auto& info = releases[*file.release].info;
    return info && (expression_matches(default_release, info->suite) ||
                    expression_matches(default_release, info->codename) ||
                    expression_matches(default_release, info->version));
  });
}

// InitDefaults before pins: 500, the status file and ButAutomaticUpgrades 100,
// NotAutomatic 1.
int initial_priority(const PackageFile& file, const std::vector<ReleaseEntry>& releases) {
  const auto& info = file.release ? releases[*file.release].info : std::nullopt;
  if (file.is_status || (info && info->but_automatic_upgrades)) return 100;
  if (info && info->not_automatic) return 1;
  return 500;
}

}  // namespace

bool architecture_matches_spec(std::string_view spec, std::string_view architecture) {
  std::string complete = complete_architecture(spec, true);
  if (spec == architecture || complete == architecture) return true;
  std::string package_arch = complete_architecture(architecture, false);
  return ::fnmatch(complete.c_str(), package_arch.c_str(), 0) == 0;
}

Expected<CandidatePolicy> CandidatePolicy::create(const std::vector<ReleaseEntry>& releases,
                                                  const std::vector<PackageFile>& files,
                                                  std::vector<PinStanza> stanzas,
                                                  std::string_view default_release,
                                                  std::string native_architecture,
                                                  AptSemantics semantics) {
  // Default pins: APT::Default-Release first, then the "Package: *" stanzas.
  std::vector<PinStanza> defaults;
  if (!default_release.empty()) {
    if (!names_a_release(default_release, releases, files)) {
      return make_error(ErrorCode::kInvalidInput,
                        "the value '{}' is invalid for APT::Default-Release as such a release is "
                        "not available in the sources",
                        default_release);
    }
    defaults.push_back(PinStanza{
        {}, PinKind::kRelease, std::string(default_release), 990, "APT::Default-Release"});
  }
  std::vector<PinStanza> specific;
  for (PinStanza& stanza : stanzas) {
    (stanza.packages.empty() ? defaults : specific).push_back(std::move(stanza));
  }

  CandidatePolicy policy(releases, files, std::move(specific), std::move(native_architecture),
                         semantics);
  policy.file_priority_.resize(files.size());
  for (std::size_t id = 0; id < files.size(); ++id) {
    policy.file_priority_[id] = initial_priority(files[id], releases);
  }
  // The first matching default pin fixes a file's priority; under apt 3.0 a "never" pin
  // also replaces an earlier one and is never replaced.
  std::vector<bool> fixed(files.size(), false);
  for (const PinStanza& pin : defaults) {
    VersionMatcher matcher(pin.data, pin.kind);
    for (std::size_t id = 0; id < files.size(); ++id) {
      bool never = semantics == AptSemantics::kApt30;
      bool may_set = !fixed[id] || (never && pin.priority == kNeverPin);
      if (never && policy.file_priority_[id] == kNeverPin) may_set = false;
      if (may_set && matcher.file_matches(files[id], releases)) {
        policy.file_priority_[id] = pin.priority;
        fixed[id] = true;
      }
    }
  }
  return policy;
}

std::optional<int> CandidatePolicy::version_pin(std::string_view package,
                                                std::string_view architecture,
                                                const CacheVersion& version) const {
  for (const PinStanza& stanza : stanzas_) {
    VersionMatcher matcher(stanza.data, stanza.kind);
    for (const std::string& text : stanza.packages) {
      PinName pin = split_pin_name(text);
      std::string_view subject = pin.source ? std::string_view(version.source) : package;
      bool name_matches = pin.pattern
                              ? (pin.name != subject && expression_matches(pin.name, subject))
                              : pin.name == subject;
      if (!name_matches) continue;
      if (!architecture_matches_spec(pin.arch.empty() ? native_ : pin.arch, architecture)) {
        continue;
      }
      if (matcher.version_matches(version, *files_, *releases_)) return stanza.priority;
    }
  }
  return std::nullopt;
}

int CandidatePolicy::version_priority(std::string_view package, std::string_view architecture,
                                      const PackageVersions& versions, std::size_t index) const {
  const CacheVersion& version = versions.versions[index];
  bool current = versions.current && *versions.current == index;
  if (auto pin = version_pin(package, architecture, version)) {
    if (semantics_ == AptSemantics::kApt26 || *pin == kNeverPin) return *pin;
    // apt 3.0: a pin counts unless every file of the version is a "never" file.
    for (std::size_t id : version.files) {
      if (file_priority_[id] != kNeverPin) return *pin;
    }
  }
  std::optional<int> best;
  for (std::size_t id : version.files) {
    int priority = ((*files_)[id].is_status && !current) ? -1 : file_priority_[id];
    best = std::max(best.value_or(std::numeric_limits<int>::min()), priority);
  }
  return best.value_or(0);
}

std::optional<std::size_t> CandidatePolicy::candidate(std::string_view package,
                                                      std::string_view architecture,
                                                      const PackageVersions& versions) const {
  std::optional<std::size_t> candidate;
  int candidate_priority = -1;
  const CacheVersion* current = versions.current ? &versions.versions[*versions.current] : nullptr;
  for (std::size_t i = 0; i < versions.versions.size(); ++i) {
    int priority = version_priority(package, architecture, versions, i);
    if (priority == 0 || priority <= candidate_priority) continue;
    if (current != nullptr && priority < 1000 &&
        versions::compare_deb_version_strings(versions.versions[i].version, current->version) < 0) {
      continue;
    }
    candidate_priority = priority;
    candidate = i;
  }
  return candidate;
}

}  // namespace patchplan::updates
