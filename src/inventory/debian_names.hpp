// Validity of the names a status stanza carries: package names (Debian Policy 5.6.1,
// 5.6.7) and architecture names (dpkg's lib/dpkg/arch.c rules).
#pragma once

#include <string_view>

namespace patchplan::inventory {

// Debian Policy 5.6.1 (source names; 5.6.7 applies it to binary names): lower case letters,
// digits, '+', '-' and '.', at least two characters, starting with a letter or digit.
// Stricter than dpkg, which also takes upper case and '_' and lowers the case itself.
[[nodiscard]] bool is_valid_package_name(std::string_view name);

// dpkg's dpkg_arch_name_is_illegal(): a letter or digit, then letters, digits and '-'.
[[nodiscard]] bool is_valid_architecture_name(std::string_view name);

}  // namespace patchplan::inventory
