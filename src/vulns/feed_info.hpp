// Provenance of the data a vulnerability verdict rests on: which feed, how old, and
// whether it is there at all. A missing feed is never read as "no vulnerabilities".
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "feeds/advisory.hpp"
#include "feeds/feed_catalog.hpp"
#include "store/timestamp.hpp"

namespace patchplan::vulns {

// The default age limit of `kind`: feeds::default_feed_limit (the one table of them) in
// whole hours.
std::optional<std::chrono::hours> default_max_age(feeds::FeedKind kind);

// One feed as the matcher was given it.
struct FeedInfo {
  feeds::FeedKind kind = feeds::FeedKind::kDebianTracker;
  std::string name;  // "tracker", "changelog", "osv:debian", "kev", "epss"
  bool present = false;
  std::optional<store::Timestamp> feed_date;  // the feed's own date, when it has one
  // Stale beyond this age; none: never stale.
  std::optional<std::chrono::hours> max_age = default_max_age(feeds::FeedKind::kDebianTracker);
  std::string source;                          // URL or file it was imported from; "" unknown
  std::optional<store::Timestamp> fetched_at;  // the last download that delivered or confirmed it
};

using feeds::FeedState;

struct FeedNote {
  const FeedInfo* feed = nullptr;  // points into the index that carries the feed
  FeedState state = FeedState::kMissing;
  std::optional<std::chrono::hours> age;  // now - feed_date, when dated

  // One line: "feed 'kev' is missing: KEV membership unknown", "feed 'tracker' is 3 days old
  // (limit 2 days)", "feed 'epss' dated 2026-12-03 (1 day old)".
  [[nodiscard]] std::string describe() const;
};

// The state of `feed` at `now`.
FeedNote assess_feed(const FeedInfo& feed, store::Timestamp now);

}  // namespace patchplan::vulns
