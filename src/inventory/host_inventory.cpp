// read_host_inventory: every inventory source of one host root, in one HostInventory.
#include "inventory/host_inventory.hpp"

#include "inventory/architectures.hpp"
#include "inventory/dpkg_status.hpp"
#include "inventory/host_name.hpp"
#include "inventory/kernels.hpp"
#include "inventory/os_release.hpp"

namespace patchplan::inventory {

Expected<HostInventory> read_host_inventory(const RootFs& root, const InventoryOptions& options) {
  auto status = read_dpkg_status(root);
  if (!status) return status.error();

  HostInventory inventory;
  inventory.packages = std::move(status->packages);
  inventory.warnings = std::move(status->warnings);
  std::vector<std::string>& warnings = inventory.warnings;

  if (auto os = read_os_release(root, warnings)) {
    inventory.os = std::move(*os);
  } else {
    warnings.push_back(os.error().message);
  }
  if (auto version = read_debian_version(root)) {
    inventory.debian_version = std::move(*version);
  } else {
    warnings.push_back(version.error().message);
  }

  inventory.hostname = host_name(root, options.host_name, warnings);
  inventory.running_kernel = running_kernel(root, options.running_kernel);
  inventory.installed_kernels = installed_kernels(root, inventory.packages, warnings);
  inventory.native_architecture = native_architecture(root, inventory.packages, warnings);
  inventory.foreign_architectures =
      foreign_architectures(root, inventory.native_architecture, warnings);
  return inventory;
}

}  // namespace patchplan::inventory
