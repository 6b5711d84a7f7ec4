// The stored feeds: what was imported, from where, when, and how old each feed is.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "feeds/advisory.hpp"
#include "store/database.hpp"
#include "store/timestamp.hpp"

namespace patchplan::feeds {

// One row of the feeds table.
struct FeedInfo {
  std::int64_t id = 0;
  FeedKind kind = FeedKind::kDebianTracker;
  std::string name;
  std::string source;
  store::Timestamp imported_at;
  std::optional<store::Timestamp> fetched_at;
  std::optional<store::Timestamp> feed_date;
  std::string feed_version;
  std::string digest;
  std::uint64_t records = 0;
  std::uint64_t skipped = 0;
  std::string etag;
  std::string last_modified;
  std::string notes;  // JSON object of loader counts

  // The instant the feed's content is known current at: the later of its own date and the
  // last download that delivered or confirmed it (a 304 confirms). Age counts from here.
  [[nodiscard]] store::Timestamp as_of() const;
};

// Every stored feed, by kind then name.
Expected<std::vector<FeedInfo>> list_feeds(store::Database& db);

// The feed (kind, name), or nullopt when it was never imported.
Expected<std::optional<FeedInfo>> find_feed(store::Database& db, FeedKind kind,
                                            std::string_view name);

// Records that a download at `when` found the feed unchanged (HTTP 304).
Status mark_feed_checked(store::Database& db, std::int64_t feed_id, store::Timestamp when);

// The default age limit of each feed kind, the one table of them (issue 3): tracker and
// OSV 2 days, KEV and EPSS 7 days; nullopt for changelogs, which record uploads that
// happened and never go stale.
std::optional<std::chrono::seconds> default_feed_limit(FeedKind kind);

// How old a feed may be before findings computed from it say it is stale: the defaults,
// with any kind overridden (`feeds status --max-age`, `assess --max-feed-age`).
struct FeedLimits {
  std::map<FeedKind, std::chrono::seconds> max_age = default_limits();

  // The limit of `kind`, or nullopt for kinds without one (changelogs).
  [[nodiscard]] std::optional<std::chrono::seconds> limit(FeedKind kind) const;

  // Every kind of default_feed_limit that has a limit.
  static std::map<FeedKind, std::chrono::seconds> default_limits();
};

// A feed's state at some moment. kUndated: present, but without a date to age it by (a feed
// from a file that names none); stored feeds always have one (their import or download).
enum class FeedState { kFresh, kStale, kMissing, kUndated };

// "fresh", "stale", "missing", "undated".
std::string_view feed_state_name(FeedState state);

// kStale when `age` exceeds `limit`, else kFresh; kFresh without a limit.
template <typename Duration>
FeedState state_for_age(Duration age, std::optional<Duration> limit) {
  return limit && age > *limit ? FeedState::kStale : FeedState::kFresh;
}

// A feed's age against its limit. A kMissing entry has no `info`.
struct FeedAge {
  FeedKind kind = FeedKind::kDebianTracker;
  std::string name;
  std::optional<FeedInfo> info;
  std::chrono::seconds age{0};
  std::optional<std::chrono::seconds> limit;
  FeedState state = FeedState::kMissing;
};

// The age of every stored feed at `now`, plus a kMissing entry for each of the feeds the
// assessment needs (tracker, kev, epss) that was never imported: a missing feed must be
// reported, never read as "no vulnerabilities".
Expected<std::vector<FeedAge>> feed_ages(store::Database& db, store::Timestamp now,
                                         const FeedLimits& limits = {});

// "2d", "36h", "90m", "45s" (a positive number and one unit) as seconds; kUsage otherwise.
Expected<std::chrono::seconds> parse_duration(std::string_view text);

// The largest whole units of `duration`: "2d 3h", "5h 12m", "40s".
std::string format_duration(std::chrono::seconds duration);

}  // namespace patchplan::feeds
