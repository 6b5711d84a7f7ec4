// Native and foreign dpkg architectures.
#include "inventory/architectures.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <array>
#include <utility>

#include "inventory/debian_names.hpp"
#include "inventory/message_text.hpp"
#include "inventory/text_lines.hpp"

namespace patchplan::inventory {
namespace {

constexpr std::size_t kMaxArchFileBytes = 64u << 10;

// uname machine -> Debian architecture for the Linux ports, after dpkg's data/cputable
// and data/tupletable. "armv7l" is taken as armhf and the MIPS names as little-endian,
// the only variants Debian builds for those machine names today.
constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kMachines{{
    {"x86_64", "amd64"},    {"i386", "i386"},           {"i486", "i386"},       {"i586", "i386"},
    {"i686", "i386"},       {"aarch64", "arm64"},       {"armv7l", "armhf"},    {"armv8l", "armhf"},
    {"armv6l", "armel"},    {"armv5tel", "armel"},      {"ppc64le", "ppc64el"}, {"ppc64", "ppc64"},
    {"ppc", "powerpc"},     {"s390x", "s390x"},         {"mips64", "mips64el"}, {"mips", "mipsel"},
    {"riscv64", "riscv64"}, {"loongarch64", "loong64"}, {"sparc64", "sparc64"}, {"parisc", "hppa"},
}};

}  // namespace

std::optional<std::string> debian_architecture_of_machine(std::string_view machine) {
  for (const auto& [name, architecture] : kMachines) {
    if (name == machine) return std::string(architecture);
  }
  return std::nullopt;
}

std::string native_architecture(const RootFs& root, const std::vector<InstalledPackage>& packages,
                                std::vector<std::string>& warnings) {
  for (const auto& package : packages) {
    if (package.name == "dpkg" && package.has_current_version() && !package.architecture.empty() &&
        package.architecture != "all") {
      return package.architecture;
    }
  }
  if (!root.is_host_root()) {
    warnings.push_back(fmt::format(
        "no installed 'dpkg' package in '{}'; native architecture unknown", root.root()));
    return {};
  }
  utsname names{};
  std::optional<std::string> mapped;
  if (::uname(&names) == 0) mapped = debian_architecture_of_machine(names.machine);
  warnings.push_back(
      fmt::format("no installed 'dpkg' package; native architecture {} from "
                  "uname machine '{}'",
                  mapped ? "'" + *mapped + "'" : "unknown", message_excerpt(names.machine)));
  return mapped.value_or("");
}

std::vector<std::string> foreign_architectures(const RootFs& root, std::string_view native,
                                               std::vector<std::string>& warnings) {
  std::vector<std::string> foreign;
  auto text = root.read_file(kDpkgArchPath, kMaxArchFileBytes);
  if (!text) {
    if (text.error().code != ErrorCode::kNotFound) warnings.push_back(text.error().message);
    return foreign;
  }
  std::string file = root.display_path(kDpkgArchPath);
  detail::for_each_line(*text, [&](std::size_t line, std::string_view name) {
    if (name.empty() || name == native) return true;
    if (!is_valid_architecture_name(name) || name == "all" || name == "any") {
      warnings.push_back(
          fmt::format("{}:{}: invalid architecture '{}'", file, line, message_excerpt(name)));
    } else if (std::find(foreign.begin(), foreign.end(), name) == foreign.end()) {
      foreign.emplace_back(name);
    }
    return true;
  });
  return foreign;
}

}  // namespace patchplan::inventory
