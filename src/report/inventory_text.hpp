// The human form of a host inventory.
#pragma once

#include <string>

#include "inventory/host_inventory.hpp"
#include "report/terminal.hpp"

namespace patchplan::report {

// The host block ("host", "os", "kernel", "arch" lines) shared with the assessment.
std::string host_text(const inventory::HostInventory& host, const Terminal& terminal);

// `patchplan inventory`: the host block, then one line per package of the dpkg database.
std::string inventory_text(const inventory::HostInventory& host, const Terminal& terminal);

}  // namespace patchplan::report
