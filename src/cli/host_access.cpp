// open_root, read_inventory, open_store, print_output.
#include "cli/host_access.hpp"

#include <cstdio>

#include "common/diagnostics.hpp"
#include "store/database_path.hpp"

namespace patchplan::cli {

Expected<RootFs> open_root(const GlobalOptions& options) { return RootFs::open(options.root); }

Expected<inventory::HostInventory> read_inventory(const RootFs& root,
                                                  const GlobalOptions& options) {
  inventory::InventoryOptions inventory_options;
  inventory_options.host_name = options.host;
  auto host = inventory::read_host_inventory(root, inventory_options);
  if (!host) return host.error();
  for (const auto& warning : host->warnings) diag::warning("{}", warning);
  diag::debug("inventory", "{}: {} status stanzas read", host->hostname, host->packages.size());
  return host;
}

Expected<store::Store> open_store(const GlobalOptions& options) {
  std::string path = options.db_path;
  if (path.empty()) {
    auto default_path = store::default_database_path();
    if (!default_path) return default_path.error();
    path = *default_path;
  }
  diag::debug("store", "database '{}'", path);
  return store::Store::open(path);
}

void print_output(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace patchplan::cli
