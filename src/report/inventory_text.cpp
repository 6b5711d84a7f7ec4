// host_text / inventory_text.
#include "report/inventory_text.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "inventory/package_status.hpp"

namespace patchplan::report {

std::string host_text(const inventory::HostInventory& host, const Terminal& terminal) {
  std::string out;
  auto line = [&](std::string_view label, std::string_view value) {
    fmt::format_to(std::back_inserter(out), "{:<8} {}\n", terminal.paint(Style::kBold, label),
                   value);
  };
  line("host", host.hostname);
  std::string os = host.os.pretty_name.empty() ? "unknown (no os-release)" : host.os.pretty_name;
  if (!host.os.id.empty()) {
    os += fmt::format(" [ID={} VERSION_ID={} VERSION_CODENAME={}]", host.os.id, host.os.version_id,
                      host.os.version_codename);
  }
  line("os", os);
  line("kernel", fmt::format("running {}; installed {}",
                             host.running_kernel.value_or("unknown (offline root)"),
                             host.installed_kernels.empty()
                                 ? std::string("none")
                                 : fmt::format("{}", fmt::join(host.installed_kernels, ", "))));
  std::string arch = host.native_architecture;
  if (!host.foreign_architectures.empty()) {
    arch += fmt::format(" (foreign: {})", fmt::join(host.foreign_architectures, ", "));
  }
  line("arch", arch);
  return out;
}

std::string inventory_text(const inventory::HostInventory& host, const Terminal& terminal) {
  std::string out = host_text(host, terminal);
  std::size_t name_width = 7;
  std::size_t version_width = 7;
  for (const auto& package : host.packages) {
    name_width = std::max(name_width, package.name.size() + package.architecture.size() + 1);
    version_width = std::max(version_width, package.version.size());
  }
  fmt::format_to(std::back_inserter(out), "\n{} packages in the dpkg database\n",
                 host.packages.size());
  fmt::format_to(
      std::back_inserter(out), "{}\n",
      terminal.paint(Style::kBold, fmt::format("{:<3} {:<{}} {:<{}} {}", "st", "package",
                                               name_width, "version", version_width, "source")));
  for (const auto& package : host.packages) {
    // The source column names the source package only where it differs from the binary
    // (as dpkg-query's ${source:Package}), and its version where that differs too.
    std::string source = package.source;
    if (package.source_version != package.version) {
      source += fmt::format(" ({})", package.source_version);
    } else if (package.source == package.name) {
      source = "";
    }
    fmt::format_to(std::back_inserter(out), "{:<3} {:<{}} {:<{}} {}\n",
                   inventory::status_abbrev(package), package.name + ":" + package.architecture,
                   name_width, package.version, version_width, source);
  }
  return out;
}

}  // namespace patchplan::report
