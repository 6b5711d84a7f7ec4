// What every command receives: the global options, parsed once by main.
#pragma once

#include <optional>
#include <string>

#include "common/diagnostics.hpp"

namespace patchplan::cli {

struct GlobalOptions {
  std::string db_path;              // --db; empty: the default location
  std::string root = "/";           // --root
  std::optional<std::string> host;  // --host
  bool json = false;                // --json
  diag::Verbosity verbosity = diag::Verbosity::kNormal;
  std::string debug;  // --debug=CATEGORIES
};

// Process exit codes (documented in the README).
enum ExitCode : int {
  kExitSuccess = 0,
  kExitError = 1,
  kExitUsage = 2,
  kExitVerifyFailed = 3,  // journal --verify found the chain broken
  kExitRulesFailed = 4,   // harden: a rule failed, errored or is unknown (oscap exits 2)
};

}  // namespace patchplan::cli
