// The Status field of a dpkg status stanza ("want flag state", dpkg-query(1)) and the
// three-letter abbreviation dpkg-query prints for it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "inventory/installed_package.hpp"

namespace patchplan::inventory {

struct PackageStatus {
  Selection selection = Selection::kUnknown;
  PackageState state = PackageState::kNotInstalled;
  bool reinstall_required = false;
};

// Parses "install ok installed": exactly three words separated by blanks, each one of the
// names dpkg writes (lib/dpkg/parsehelp.c wantinfos, eflaginfos, statusinfos).
// std::nullopt when a word is missing, unknown, or extra words follow.
std::optional<PackageStatus> parse_package_status(std::string_view value);

// The words dpkg uses, e.g. "hold", "half-configured".
std::string_view selection_name(Selection selection);
std::string_view state_name(PackageState state);

// dpkg-query's ${db:Status-Abbrev}: selection letter, state letter, then 'R' for
// reinstreq or a blank ("ii ", "iHR", "rc ").
std::string status_abbrev(const InstalledPackage& package);

// dpkg-query's ${binary:Package}: the name, with ":arch" when the package is Multi-Arch:
// same or of a foreign architecture (neither `native_architecture`, "all" nor empty).
std::string qualified_name(const InstalledPackage& package, std::string_view native_architecture);

}  // namespace patchplan::inventory
