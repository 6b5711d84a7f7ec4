// Matched source versions and origin verdicts of installed binaries.
#include "vulns/package_origin.hpp"

#include <algorithm>

namespace patchplan::vulns {
namespace {

bool equals_icase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) {
             return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
           };
           return lower(x) == lower(y);
         });
}

bool is_backports_suite(const updates::ReleaseOrigin& origin) {
  return origin.suite.ends_with("-backports") || origin.codename.ends_with("-backports") ||
         origin.suite.ends_with("-backports-sloppy") ||
         origin.codename.ends_with("-backports-sloppy");
}

// Debian "+deb12u3"/"~deb12u1"; Ubuntu "ubuntu" in the revision.
bool has_distribution_mark(std::string_view distribution, std::string_view version) {
  if (distribution == "ubuntu") return version.find("ubuntu") != std::string_view::npos;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t at = version.find("deb"); at != std::string_view::npos;
       at = version.find("deb", at + 1)) {
    if (at == 0 || (version[at - 1] != '+' && version[at - 1] != '~')) continue;
    std::size_t i = at + 3;
    std::size_t release = i;
    while (i < version.size() && digit(version[i])) ++i;
    if (i == release || i >= version.size() || version[i] != 'u') continue;
    std::size_t update = ++i;
    while (i < version.size() && digit(version[i])) ++i;
    if (i > update) return true;
  }
  return false;
}

}  // namespace

MatchedSource matched_source(const inventory::InstalledPackage& package,
                             const updates::PackageUpdate* update) {
  MatchedSource matched{package.source, package.source_version, {}};
  if (update && update->candidate_version) {
    matched.candidate_version = update->candidate_source_version;
    bool no_source_field =
        package.source == package.name && package.version == package.source_version;
    if (no_source_field && *update->candidate_version == package.version &&
        !update->candidate_source.empty()) {
      matched.source = update->candidate_source;
      matched.version = update->candidate_source_version;
    }
  }
  if (matched.source.starts_with("linux-signed-")) {
    matched.source = "linux";
    matched.version = package.version;
    if (update && update->candidate_version) matched.candidate_version = *update->candidate_version;
  }
  return matched;
}

MatchedSource matched_source(const Finding& finding) {
  return matched_source(*finding.package, finding.update);
}

OriginVerdict classify_origin(const inventory::HostInventory& host,
                              const inventory::InstalledPackage& package,
                              const updates::PackageUpdate* update, const MatchedSource& matched,
                              bool known_version) {
  if (package.version.find("~bpo") != std::string::npos ||
      matched.version.find("~bpo") != std::string_view::npos) {
    return {OriginClass::kBackports, fmt::format("backports version {}", package.version)};
  }
  const std::string& distribution = host.os.id;
  if (update && !update->status_only()) {
    bool backports = false;
    const updates::ReleaseOrigin* other = nullptr;
    for (const updates::ReleaseOrigin& origin : update->installed_from) {
      if (!equals_icase(origin.origin, distribution)) {
        if (!other) other = &origin;
      } else if (is_backports_suite(origin)) {
        backports = true;
      } else {
        return {};
      }
    }
    if (backports) {
      return {OriginClass::kBackports,
              fmt::format("version {} is from a backports suite", package.version)};
    }
    return {OriginClass::kThirdParty,
            fmt::format("version {} is from origin '{}' ({})", package.version,
                        other->origin.empty() ? "none" : other->origin, other->archive_uri)};
  }
  if (known_version || has_distribution_mark(distribution, matched.version) ||
      has_distribution_mark(distribution, package.version)) {
    return {};
  }
  return {OriginClass::kUnknownLocal,
          fmt::format("version {} is in no configured index and unknown to the {} records",
                      package.version, distribution.empty() ? "distribution" : distribution)};
}

}  // namespace patchplan::vulns
