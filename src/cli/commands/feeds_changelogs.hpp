// `patchplan feeds import-changelogs DIR|FILE...` and `feeds fetch-changelogs`: the
// changelog cache beside the database, and the changelog feed rebuilt from all of it.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/context.hpp"
#include "common/expected.hpp"

namespace patchplan::cli {

struct FetchChangelogsOptions {
  std::string cache;  // --cache; empty: "changelogs" beside the database file
};

// Adds `fetch-changelogs [--cache DIR]` to the feeds command `app`, filling `options`.
CLI::App* add_fetch_changelogs_command(CLI::App& app, FetchChangelogsOptions& options);

// Copies the changelogs of `paths` into the changelog cache, rebuilds the changelog feed
// from every cached file and reports what was stored.
Expected<int> run_import_changelogs(const std::vector<std::string>& paths,
                                    const GlobalOptions& options);

// Fetches the changelogs of the root's pending updates (candidate .debs located through its
// own apt lists and sources) into the cache, rebuilds the changelog feed from every cached
// file and prints how many came from the cache, how many were extracted, the warnings
// (each naming the package) and the feed summary. Errors: a cache path that is not a
// usable directory, an unreadable root or apt configuration, a store that cannot be opened.
Expected<int> run_fetch_changelogs(const FetchChangelogsOptions& fetch,
                                   const GlobalOptions& options);

}  // namespace patchplan::cli
