// dpkg architectures of a host: the native one and the foreign ones added with
// `dpkg --add-architecture`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/root_fs.hpp"
#include "inventory/installed_package.hpp"

namespace patchplan::inventory {

inline constexpr std::string_view kDpkgArchPath = "/var/lib/dpkg/arch";

// The Debian architecture of a Linux machine name as uname(2) reports it ("x86_64" ->
// "amd64", "aarch64" -> "arm64"), after dpkg's cputable; std::nullopt when unknown.
std::optional<std::string> debian_architecture_of_machine(std::string_view machine);

// The Architecture of the installed "dpkg" package, which is dpkg's native architecture.
// Without one: for the local root, uname(2)'s machine mapped to its Debian name (with a
// warning); for an offline root, empty with a warning, as this machine's is no answer.
std::string native_architecture(const RootFs& root, const std::vector<InstalledPackage>& packages,
                                std::vector<std::string>& warnings);

// The architectures listed in dpkg's var/lib/dpkg/arch file (one per line; dpkg writes
// the native one there too), without `native`, each once, in file order. A missing file
// means none; an invalid name is skipped with a warning "FILE:LINE: what".
std::vector<std::string> foreign_architectures(const RootFs& root, std::string_view native,
                                               std::vector<std::string>& warnings);

}  // namespace patchplan::inventory
