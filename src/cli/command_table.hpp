// The command table: name -> options setup -> handler -> one-line help, so that the
// help output is generated from the same table that dispatches.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <span>
#include <string_view>

#include "cli/context.hpp"
#include "common/expected.hpp"

namespace patchplan::cli {

// A command's handler: runs after parsing; returns an exit code or an Error that main
// reports and maps to an exit code.
using Handler = std::function<Expected<int>(const GlobalOptions&)>;

struct Command {
  std::string_view name;
  std::string_view help;
  // Declares the command's own options and subcommands on `app` and returns the handler
  // that will read them; called once, before parsing.
  std::function<Handler(CLI::App& app)> setup;
};

std::span<const Command> commands();

}  // namespace patchplan::cli
