// The result of a deployment or rollback, as a human table or a JSON document.
#pragma once

#include <string>

#include "cli/context.hpp"
#include "deploy/rollout.hpp"

namespace patchplan::cli {

// Prints `result` (JSON with --json) and returns the exit code: success only when every
// host ended in `wanted` ("succeeded" for deploy, "rolled-back" for rollback).
int print_rollout(const deploy::RolloutResult& result, const GlobalOptions& options,
                  std::string_view wanted);

// The settings of a deployment run from the global options: the state directory beside
// the store's database, the current user, and the --now reason.
Expected<deploy::RolloutOptions> rollout_options(const GlobalOptions& options,
                                                 std::string now_reason);

}  // namespace patchplan::cli
