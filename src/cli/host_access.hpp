// Opening the host and the store that a command works on, from the global options.
#pragma once

#include "cli/context.hpp"
#include "common/root_fs.hpp"
#include "inventory/host_inventory.hpp"
#include "store/store.hpp"

namespace patchplan::cli {

// The root of --root (default "/"), opened.
Expected<RootFs> open_root(const GlobalOptions& options);

// The inventory of that root, named by --host if given. Warnings go to diagnostics.
Expected<inventory::HostInventory> read_inventory(const RootFs& root, const GlobalOptions& options);

// The store at --db, or at the default location for this user.
Expected<store::Store> open_store(const GlobalOptions& options);

// Writes `text` to stdout in one piece.
void print_output(std::string_view text);

}  // namespace patchplan::cli
