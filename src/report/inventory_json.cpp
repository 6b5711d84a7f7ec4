// host_to_json / inventory_to_json.
#include "report/inventory_json.hpp"

#include "inventory/package_status.hpp"
#include "report/schema_version.hpp"

namespace patchplan::report {

nlohmann::json host_to_json(const inventory::HostInventory& host) {
  nlohmann::json running = host.running_kernel ? nlohmann::json(*host.running_kernel) : nullptr;
  return {
      {"name", host.hostname},
      {"os",
       {{"id", host.os.id},
        {"version_id", host.os.version_id},
        {"version_codename", host.os.version_codename},
        {"pretty_name", host.os.pretty_name},
        {"debian_version", host.debian_version}}},
      {"kernel", {{"running", running}, {"installed", host.installed_kernels}}},
      {"architectures",
       {{"native", host.native_architecture}, {"foreign", host.foreign_architectures}}},
  };
}

nlohmann::json inventory_to_json(const inventory::HostInventory& host) {
  nlohmann::json packages = nlohmann::json::array();
  for (const auto& package : host.packages) {
    packages.push_back({
        {"name", package.name},
        {"architecture", package.architecture},
        {"version", package.version},
        {"source", package.source},
        {"source_version", package.source_version},
        {"status", inventory::status_abbrev(package)},
        {"selection", inventory::selection_name(package.selection)},
        {"state", inventory::state_name(package.state)},
        {"reinstall_required", package.reinstall_required},
    });
  }
  return {
      {"schema_version", kSchemaVersion}, {"kind", "inventory"},       {"host", host_to_json(host)},
      {"packages", std::move(packages)},  {"warnings", host.warnings},
  };
}

}  // namespace patchplan::report
