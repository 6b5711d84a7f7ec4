// Reading the feeds table, and feed ages against their limits.
#include "feeds/feed_catalog.hpp"

#include <algorithm>
#include <charconv>

#include "feeds/feed_kind.hpp"
#include "store/statement.hpp"

namespace patchplan::feeds {
namespace {

constexpr std::string_view kColumns =
    "id, kind, name, source, imported_at, fetched_at, feed_date, feed_version, digest, "
    "records, skipped, etag, last_modified, notes";

Expected<std::optional<store::Timestamp>> optional_time(const store::Statement& row, int column) {
  if (row.column_is_null(column)) return std::optional<store::Timestamp>();
  auto time = store::parse_timestamp(row.column_text(column));
  if (!time) return time.error();
  return std::optional(*time);
}

Expected<FeedInfo> read_row(const store::Statement& row) {
  FeedInfo info;
  info.id = row.column_int(0);
  const auto kind = parse_kind(row.column_text(1));
  if (!kind) {
    return make_error(ErrorCode::kInvalidInput, "feed {} has an unknown kind '{}'", info.id,
                      row.column_text(1));
  }
  info.kind = *kind;
  info.name = row.column_text(2);
  info.source = row.column_text(3);
  auto imported = store::parse_timestamp(row.column_text(4));
  if (!imported) return imported.error().context(fmt::format("feed '{}'", info.name));
  info.imported_at = *imported;
  auto fetched = optional_time(row, 5);
  if (!fetched) return fetched.error().context(fmt::format("feed '{}'", info.name));
  info.fetched_at = *fetched;
  auto date = optional_time(row, 6);
  if (!date) return date.error().context(fmt::format("feed '{}'", info.name));
  info.feed_date = *date;
  info.feed_version = row.column_text(7);
  info.digest = row.column_text(8);
  info.records = static_cast<std::uint64_t>(row.column_int(9));
  info.skipped = static_cast<std::uint64_t>(row.column_int(10));
  info.etag = row.column_text(11);
  info.last_modified = row.column_text(12);
  info.notes = row.column_text(13);
  return info;
}

Expected<std::vector<FeedInfo>> query_feeds(store::Database& db, std::string_view where,
                                            std::string_view kind = {},
                                            std::string_view name = {}) {
  auto query =
      db.prepare(fmt::format("SELECT {} FROM feeds WHERE name IS NOT NULL {} "
                             "ORDER BY kind, name",
                             kColumns, where));
  if (!query) return query.error();
  if (!kind.empty()) {
    if (auto status = query->bind(kind, name); !status) return status.error();
  }
  std::vector<FeedInfo> feeds;
  while (true) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return feeds;
    auto info = read_row(*query);
    if (!info) return info.error();
    feeds.push_back(std::move(*info));
  }
}

}  // namespace

store::Timestamp FeedInfo::as_of() const {
  store::Timestamp latest = feed_date.value_or(imported_at);
  if (fetched_at && *fetched_at > latest) latest = *fetched_at;
  return latest;
}

Expected<std::vector<FeedInfo>> list_feeds(store::Database& db) { return query_feeds(db, ""); }

Expected<std::optional<FeedInfo>> find_feed(store::Database& db, FeedKind kind,
                                            std::string_view name) {
  auto feeds = query_feeds(db, "AND kind = ? AND name = ?", kind_name(kind), name);
  if (!feeds) return feeds.error();
  if (feeds->empty()) return std::optional<FeedInfo>();
  return std::optional(std::move(feeds->front()));
}

Status mark_feed_checked(store::Database& db, std::int64_t feed_id, store::Timestamp when) {
  auto update = db.prepare("UPDATE feeds SET fetched_at = ? WHERE id = ?");
  if (!update) return update.error();
  if (auto status = update->bind(store::format_timestamp(when), feed_id); !status) return status;
  return update->run();
}

std::string_view feed_state_name(FeedState state) {
  switch (state) {
    case FeedState::kFresh:
      return "fresh";
    case FeedState::kStale:
      return "stale";
    case FeedState::kMissing:
      return "missing";
    case FeedState::kUndated:
      return "undated";
  }
  return "unknown";
}

std::optional<std::chrono::seconds> default_feed_limit(FeedKind kind) {
  switch (kind) {
    case FeedKind::kDebianTracker:
    case FeedKind::kOsv:
      return std::chrono::hours(48);
    case FeedKind::kKev:
    case FeedKind::kEpss:
      return std::chrono::hours(24 * 7);
    case FeedKind::kDebianChangelog:
      return std::nullopt;
  }
  return std::nullopt;
}

std::map<FeedKind, std::chrono::seconds> FeedLimits::default_limits() {
  std::map<FeedKind, std::chrono::seconds> limits;
  for (FeedKind kind : {FeedKind::kDebianTracker, FeedKind::kDebianChangelog, FeedKind::kOsv,
                        FeedKind::kKev, FeedKind::kEpss}) {
    if (auto limit = default_feed_limit(kind)) limits.emplace(kind, *limit);
  }
  return limits;
}

std::optional<std::chrono::seconds> FeedLimits::limit(FeedKind kind) const {
  const auto it = max_age.find(kind);
  if (it == max_age.end()) return std::nullopt;
  return it->second;
}

Expected<std::vector<FeedAge>> feed_ages(store::Database& db, store::Timestamp now,
                                         const FeedLimits& limits) {
  auto feeds = list_feeds(db);
  if (!feeds) return feeds.error();
  std::vector<FeedAge> ages;
  for (FeedKind needed : {FeedKind::kDebianTracker, FeedKind::kKev, FeedKind::kEpss}) {
    const bool present = std::any_of(feeds->begin(), feeds->end(),
                                     [&](const FeedInfo& info) { return info.kind == needed; });
    if (!present) {
      ages.push_back(FeedAge{needed, std::string(kind_name(needed)), std::nullopt,
                             std::chrono::seconds(0), limits.limit(needed), FeedState::kMissing});
    }
  }
  for (auto& info : *feeds) {
    FeedAge age;
    age.kind = info.kind;
    age.name = info.name;
    age.age = std::max(std::chrono::seconds(0),
                       std::chrono::duration_cast<std::chrono::seconds>(now - info.as_of()));
    age.limit = limits.limit(info.kind);
    age.state = state_for_age(age.age, age.limit);
    age.info = std::move(info);
    ages.push_back(std::move(age));
  }
  std::stable_sort(ages.begin(), ages.end(), [](const FeedAge& a, const FeedAge& b) {
    return a.kind != b.kind ? a.kind < b.kind : a.name < b.name;
  });
  return ages;
}

Expected<std::chrono::seconds> parse_duration(std::string_view text) {
  std::int64_t count = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  std::int64_t scale = 0;
  if (unit == "d") scale = 86400;
  if (unit == "h") scale = 3600;
  if (unit == "m") scale = 60;
  if (unit == "s") scale = 1;
  constexpr std::int64_t kMaxDays = 100 * 365;
  if (ec != std::errc() || scale == 0 || count <= 0 || count > kMaxDays * 86400 / scale) {
    return make_error(ErrorCode::kUsage, "'{}' is not a duration such as 2d, 36h, 90m or 45s",
                      text);
  }
  return std::chrono::seconds(count * scale);
}

std::string format_duration(std::chrono::seconds duration) {
  const std::int64_t total = duration.count();
  const std::int64_t days = total / 86400;
  const std::int64_t hours = total % 86400 / 3600;
  const std::int64_t minutes = total % 3600 / 60;
  if (days > 0) return hours > 0 ? fmt::format("{}d {}h", days, hours) : fmt::format("{}d", days);
  if (hours > 0) {
    return minutes > 0 ? fmt::format("{}h {}m", hours, minutes) : fmt::format("{}h", hours);
  }
  if (minutes > 0) return fmt::format("{}m", minutes);
  return fmt::format("{}s", total);
}

}  // namespace patchplan::feeds
