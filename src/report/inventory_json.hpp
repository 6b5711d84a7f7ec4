// The JSON form of a host inventory (documented in docs/json-schema.md).
#pragma once

#include <nlohmann/json.hpp>

#include "inventory/host_inventory.hpp"

namespace patchplan::report {

// The "host" object shared by the inventory and assessment documents: name, OS,
// kernels and architectures, without the package list.
nlohmann::json host_to_json(const inventory::HostInventory& host);

// The whole `patchplan inventory --json` document, packages included.
nlohmann::json inventory_to_json(const inventory::HostInventory& host);

}  // namespace patchplan::report
