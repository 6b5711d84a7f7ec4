// `patchplan feeds import-changelogs DIR|FILE...`.
#pragma once

#include <string>
#include <vector>

#include "cli/context.hpp"
#include "common/expected.hpp"

namespace patchplan::cli {

// Imports the changelogs of `paths` as the changelog feed and reports what was stored.
Expected<int> run_import_changelogs(const std::vector<std::string>& paths,
                                    const GlobalOptions& options);

}  // namespace patchplan::cli
