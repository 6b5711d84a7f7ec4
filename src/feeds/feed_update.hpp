// `patchplan feeds update`: download each configured feed conditionally into the feeds
// cache beside the database, then import it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "feeds/feed_import.hpp"
#include "feeds/http_fetch.hpp"

namespace patchplan::feeds {

// One feed to download: its kind and URL.
struct FeedSource {
  FeedKind kind = FeedKind::kDebianTracker;
  std::string url;
};

// The published locations of the tracker JSON, the CISA KEV catalog and FIRST's current
// EPSS scores. OSV has no default: its exports are per ecosystem (--url osv=...).
std::vector<FeedSource> default_feed_sources();

// The cache directory for downloaded feeds: "feeds" beside the database file.
std::string feed_cache_dir(const std::string& database_path);

enum class UpdateOutcome {
  kUpdated,    // downloaded and imported
  kUnchanged,  // the server answered 304: the stored feed is current
};

struct UpdateResult {
  FeedSource source;
  UpdateOutcome outcome = UpdateOutcome::kUpdated;
  std::optional<ImportSummary> summary;  // with kUpdated
  std::string cache_path;                // the cached copy of the feed
  std::uint64_t bytes = 0;
};

// Downloads `source` into a temporary file of `cache_dir` (created 0700 if missing), sending
// the stored feed's ETag and Last-Modified when it came from the same URL. A 304 records
// the check (the feed's age restarts) and changes nothing else. A 200 body is imported
// with the URL, fetch time and validators; only a successful import renames the file over
// the cached copy (atomically), so the cache always holds what the store holds. A failed
// download or import leaves the stored feed and the cache as they were.
Expected<UpdateResult> update_feed(store::Store& store, const FeedSource& source,
                                   const std::string& cache_dir, const ImportContext& context,
                                   const FetchRequest& settings = {});

}  // namespace patchplan::feeds
