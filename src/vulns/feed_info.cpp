// Feed ages and their one-line descriptions.
#include "vulns/feed_info.hpp"

#include <fmt/format.h>

#include "feeds/feed_catalog.hpp"

namespace patchplan::vulns {
namespace {

std::string days(std::chrono::hours hours) {
  auto count = hours.count();
  if (count < 48) return fmt::format("{} hour{}", count, count == 1 ? "" : "s");
  return fmt::format("{} days", count / 24);
}

}  // namespace

std::optional<std::chrono::hours> default_max_age(feeds::FeedKind kind) {
  auto limit = feeds::default_feed_limit(kind);
  if (!limit) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::hours>(*limit);
}

FeedNote assess_feed(const FeedInfo& feed, store::Timestamp now) {
  FeedNote note;
  note.feed = &feed;
  if (!feed.present) return note;
  if (!feed.feed_date) {
    note.state = FeedState::kUndated;
    return note;
  }
  note.age = std::chrono::floor<std::chrono::hours>(now - *feed.feed_date);
  note.state = feeds::state_for_age(*note.age, feed.max_age);
  return note;
}

std::string FeedNote::describe() const {
  const std::string& name = feed->name;
  switch (state) {
    case FeedState::kMissing:
      return fmt::format("feed '{}' is missing: what it would say is unknown, not absent", name);
    case FeedState::kUndated:
      return fmt::format("feed '{}' has no date: its age is unknown", name);
    case FeedState::kStale:
      return fmt::format("feed '{}' is {} old (limit {})", name, days(*age), days(*feed->max_age));
    case FeedState::kFresh:
      return fmt::format("feed '{}' is {} old", name, days(*age));
  }
  return "";
}

}  // namespace patchplan::vulns
