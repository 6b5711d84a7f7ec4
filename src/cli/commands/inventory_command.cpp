// `patchplan inventory`: the host and its dpkg database, read-only.
#include "cli/commands/commands.hpp"
#include "cli/host_access.hpp"
#include "report/inventory_json.hpp"
#include "report/inventory_text.hpp"
#include "report/json_text.hpp"

namespace patchplan::cli {

Handler setup_inventory_command(CLI::App&) {
  return [](const GlobalOptions& options) -> Expected<int> {
    auto root = open_root(options);
    if (!root) return root.error();
    auto host = read_inventory(*root, options);
    if (!host) return host.error();
    if (options.json) {
      print_output(report::to_json_text(report::inventory_to_json(*host)) + "\n");
    } else {
      print_output(report::inventory_text(*host, report::Terminal::for_stream(stdout)));
    }
    return kExitSuccess;
  };
}

}  // namespace patchplan::cli
