// `patchplan feeds import-changelogs`: debian/changelog files stored as the changelog feed.
#pragma once

#include <string>
#include <vector>

#include "common/expected.hpp"
#include "feeds/changelog_cache.hpp"
#include "feeds/changelog_import.hpp"
#include "feeds/feed_writer.hpp"

namespace patchplan::feeds {

struct ChangelogFeedSummary {
  ImportSummary summary;  // records: the advisories; no feed date (changelogs never go stale)
  std::size_t files = 0;
  std::size_t entries = 0;
  std::size_t versions = 0;           // (source, version) pairs stored
  std::vector<std::string> warnings;  // the parser's (lines skipped)
};

// Reads `paths` with import_changelogs and replaces the changelog feed (kind changelog,
// name "changelog") with their advisories and (source, version) pairs in one transaction
// with its "feeds.import" journal entry. Errors name the input: a path that is missing or
// unreadable, a file that cannot be decompressed or holds no changelog entry ("not a
// debian changelog"), a directory with no files, no path at all; the stored feed then
// stays as it was. The digest is the SHA-256 of the imported pairs and advisories, so an
// unchanged set of changelogs imports with the same digest.
Expected<ChangelogFeedSummary> import_changelog_feed(store::Store& store,
                                                     const std::vector<std::string>& paths,
                                                     const ImportContext& context);

// The changelog cache of a store: the folder "changelogs" beside the database file.
std::string changelog_cache_dir(const std::string& database_path);

// Copies every changelog of `paths` (files, or directories read as import_changelogs reads
// them) into `cache` under the source and version of its first entry, and returns how many
// were copied. Every input is checked first (same errors as import_changelog_feed), so a
// bad one leaves the cache as it was.
Expected<std::size_t> cache_changelog_files(const ChangelogCache& cache,
                                            const std::vector<std::string>& paths);

// Replaces the changelog feed with the advisories of every file in `cache`, so the feed is
// the union of all changelogs fetched or imported so far. Errors as import_changelog_feed
// (an empty cache: "no changelog files in this directory").
Expected<ChangelogFeedSummary> rebuild_changelog_feed(store::Store& store,
                                                      const ChangelogCache& cache,
                                                      const ImportContext& context);

}  // namespace patchplan::feeds
