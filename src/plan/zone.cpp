// Zone lookup and conversions on top of libical's VTIMEZONE data.
#include "plan/zone.hpp"

#include <libical/ical.h>

#include <charconv>
#include <ctime>

namespace patchplan::plan {
namespace {

using std::chrono::seconds;

}  // namespace

Expected<Zone> Zone::find(std::string_view name) {
  std::string text(name);
  if (text == "UTC" || text == "Etc/UTC" || text == "Z") {
    return Zone("UTC", icaltimezone_get_utc_timezone());
  }
  icaltimezone* zone = text.empty() ? nullptr : icaltimezone_get_builtin_timezone(text.c_str());
  if (zone == nullptr) {
    return make_error(ErrorCode::kNotFound, "unknown time zone '{}'", text);
  }
  return Zone(std::move(text), zone);
}

seconds Zone::offset_at(Instant instant) const {
  icaltimetype utc = icaltime_from_timet_with_zone(
      static_cast<time_t>(instant.time_since_epoch().count()), 0, icaltimezone_get_utc_timezone());
  int is_daylight = 0;
  return seconds(icaltimezone_get_utc_offset_of_utc_time(zone_, &utc, &is_daylight));
}

LocalTime Zone::to_local(Instant instant) const {
  return LocalTime(instant.time_since_epoch() + offset_at(instant));
}

Instant Zone::to_utc(LocalTime local) const {
  // The offsets a day either side of `local` are the ones in effect before and after any
  // transition near it (zones change at most once a day).
  const seconds naive = local.time_since_epoch();
  const seconds before = offset_at(Instant(naive - std::chrono::hours(24)));
  const seconds after = offset_at(Instant(naive + std::chrono::hours(24)));
  const Instant with_before(naive - before);
  const Instant with_after(naive - after);
  const bool before_valid = offset_at(with_before) == before;
  const bool after_valid = offset_at(with_after) == after;
  if (before_valid && after_valid) return std::min(with_before, with_after);  // first occurrence
  if (after_valid) return with_after;
  return with_before;  // valid, or a gap: the offset before the gap
}

namespace {

std::string format_seconds(seconds since_epoch) {
  auto days = std::chrono::floor<std::chrono::days>(since_epoch);
  std::chrono::year_month_day date{std::chrono::sys_days(days)};
  std::chrono::hh_mm_ss<seconds> clock(since_epoch - days);
  std::string text =
      fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  clock.hours().count(), clock.minutes().count());
  if (clock.seconds().count() != 0) text += fmt::format(":{:02}", clock.seconds().count());
  return text;
}

}  // namespace

std::string format_local(LocalTime local) { return format_seconds(local.time_since_epoch()); }

std::string format_instant(Instant instant) {
  return format_seconds(instant.time_since_epoch()) + "Z";
}

namespace {

bool parse_part(std::string_view text, std::size_t at, std::size_t length, int& out) {
  if (at + length > text.size()) return false;
  const char* begin = text.data() + at;
  auto [end, ec] = std::from_chars(begin, begin + length, out);
  return ec == std::errc() && end == begin + length;
}

}  // namespace

Expected<LocalTime> parse_local(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  bool good = parse_part(text, 0, 4, y) && text.size() >= 10 && text[4] == '-' &&
              parse_part(text, 5, 2, mo) && text[7] == '-' && parse_part(text, 8, 2, d);
  if (good && text.size() > 10) {
    good = text[10] == 'T' && parse_part(text, 11, 2, h) && text.size() >= 16 && text[13] == ':' &&
           parse_part(text, 14, 2, mi);
    if (good && text.size() > 16)
      good = text[16] == ':' && parse_part(text, 17, 2, s) && text.size() == 19;
  }
  std::chrono::year_month_day date{std::chrono::year(y),
                                   std::chrono::month(static_cast<unsigned>(mo)),
                                   std::chrono::day(static_cast<unsigned>(d))};
  if (!good || !date.ok() || h > 23 || mi > 59 || s > 59) {
    return make_error(ErrorCode::kInvalidInput,
                      "'{}' is not a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM", text);
  }
  return LocalTime(std::chrono::local_days(date).time_since_epoch() + std::chrono::hours(h) +
                   std::chrono::minutes(mi) + seconds(s));
}

Expected<Instant> parse_instant(std::string_view text) {
  std::string_view body = text;
  if (!body.empty() && body.back() == 'Z') body.remove_suffix(1);
  if (body.size() > 19 && body[19] == '.') body = body.substr(0, 19);  // store timestamps
  auto local = parse_local(body);
  if (!local) {
    return make_error(ErrorCode::kInvalidInput, "'{}' is not a UTC time YYYY-MM-DDTHH:MMZ", text);
  }
  return Instant(local->time_since_epoch());
}

}  // namespace patchplan::plan
