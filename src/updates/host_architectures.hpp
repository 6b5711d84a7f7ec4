// The architectures apt works with on a host (APT::Architecture, APT::Architectures,
// dpkg's foreign architectures) and which apt's rules apply there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/root_fs.hpp"
#include "inventory/dpkg_status.hpp"
#include "updates/apt_config.hpp"
#include "updates/preferences.hpp"

namespace patchplan::updates {

// The native architecture: `requested` when given, else APT::Architecture, else the
// architecture of the installed "dpkg" package (dpkg's own architecture is the native
// one), else the most common architecture other than "all". Empty when nothing tells.
std::string native_architecture(std::string_view requested, const AptConfig& config,
                                const inventory::StatusDatabase& status);

// APT::Configuration::getArchitectures: APT::Architectures when set, else the native
// architecture followed by dpkg's foreign ones (the lines of ADMINDIR/arch other than the
// native one, ADMINDIR being the status file's directory); native always first, no
// duplicates.
std::vector<std::string> apt_architectures(const RootFs& root, const AptConfig& config,
                                           const std::string& native, std::string_view status_path);

// apt 3.0 when the installed apt package is at least 2.9 (the 3.0 series), else 2.6.
AptSemantics installed_apt_semantics(const inventory::StatusDatabase& status);

}  // namespace patchplan::updates
