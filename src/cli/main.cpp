// patchplan: parses the command line, dispatches through the command table, and maps
// errors to exit codes.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/command_table.hpp"
#include "cli/context.hpp"
#include "common/diagnostics.hpp"

namespace patchplan::cli {
namespace {

constexpr std::string_view kVersion = "0.1.0";

void add_global_options(CLI::App& app, GlobalOptions& options, bool& quiet, bool& verbose) {
  app.add_option("--db", options.db_path, "Database file (default: per-user or system state dir)");
  app.add_option("--root", options.root, "Read the host from this root directory, not from /");
  app.add_option("--host", options.host, "Name the host this way (default: its host name)");
  app.add_flag("--json", options.json, "Print machine-readable JSON");
  app.add_flag("-q,--quiet", quiet, "Print errors only on stderr");
  app.add_flag("-v,--verbose", verbose, "Print progress notes on stderr");
  app.add_option("--debug", options.debug, "Debug notes for CATEGORIES (comma-separated, or all)")
      ->type_name("CATEGORIES");
}

int run(int argc, char** argv) {
  CLI::App app{"patchplan: plan, apply and document the patching and hardening of hosts",
               "patchplan"};
  app.set_version_flag("--version", std::string(kVersion));
  app.require_subcommand(1);
  app.fallthrough();  // global options are accepted after the command too

  GlobalOptions options;
  bool quiet = false;
  bool verbose = false;
  add_global_options(app, options, quiet, verbose);

  std::vector<std::pair<CLI::App*, Handler>> handlers;
  for (const Command& command : commands()) {
    CLI::App* sub = app.add_subcommand(std::string(command.name), std::string(command.help));
    handlers.emplace_back(sub, command.setup(*sub));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitSuccess : kExitUsage;
  }

  options.verbosity = quiet     ? diag::Verbosity::kQuiet
                      : verbose ? diag::Verbosity::kVerbose
                                : diag::Verbosity::kNormal;
  if (auto configured = diag::configure(options.verbosity, options.debug); !configured) {
    fmt::print(stderr, "patchplan: {}\n", configured.error().message);
    return kExitUsage;
  }

  for (auto& [sub, handler] : handlers) {
    if (!sub->parsed()) continue;
    Expected<int> result = handler(options);
    if (result) return *result;
    fmt::print(stderr, "patchplan: error: {}\n", result.error().message);
    return result.error().code == ErrorCode::kUsage ? kExitUsage : kExitError;
  }
  return kExitUsage;
}

}  // namespace
}  // namespace patchplan::cli

int main(int argc, char** argv) {
  try {
    return patchplan::cli::run(argc, argv);
  } catch (const std::exception& e) {
    // Modules report errors as values; this only catches a library's stray exception
    // (for instance std::bad_alloc) so that it becomes a message, not an abort.
    fmt::print(stderr, "patchplan: internal error: {}\n", e.what());
    return patchplan::cli::kExitError;
  }
}
