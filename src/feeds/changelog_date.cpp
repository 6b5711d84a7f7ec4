// Changelog trailer dates to ISO 8601.
#include "feeds/changelog_date.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <vector>

namespace patchplan::feeds {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

std::optional<int> month_number(std::string_view word) {
  std::string lower(word);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (lower == kMonths[i] || lower == kMonths[i].substr(0, 3)) return static_cast<int>(i + 1);
  }
  return std::nullopt;
}

int number(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

bool is_leap(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(std::int64_t year, int month) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  std::int64_t year;
  int month;
  int day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

}  // namespace

Expected<std::string> changelog_date_to_iso(std::string_view date_body) {
  auto bad = [&](std::string_view why) {
    return make_error(ErrorCode::kInvalidInput, "cannot read date '{}': {}", date_body, why);
  };
  std::vector<std::string_view> parts = words(date_body);
  if (parts.size() != 5 || parts[3].size() < 7 || parts[4].size() != 5) {
    return bad("not 'DD Mon YYYY HH:MM:SS +ZZZZ'");
  }
  auto month = month_number(parts[1]);
  if (!month) return bad("unknown month name");
  const int day = number(parts[0]);
  const std::int64_t year = number(parts[2]);
  std::string_view time = parts[3];
  std::size_t colon = time.find(':');
  const int hour = number(time.substr(0, colon));
  const int minute = number(time.substr(colon + 1, 2));
  const int second = number(time.substr(colon + 4, 2));
  if (day < 1 || day > days_in_month(year, *month)) return bad("no such day");
  if (hour > 23 || minute > 59 || second > 59) return bad("no such time of day");

  std::string_view zone = parts[4];
  if (zone == "-0000") {
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", year, *month, day, hour, minute,
                       second);
  }
  const int sign = zone[0] == '-' ? -1 : 1;
  const int offset = sign * (number(zone.substr(1, 2)) * 60 + number(zone.substr(3, 2)));
  if (offset <= -24 * 60 || offset >= 24 * 60) {
    std::int64_t seconds = days_from_civil(year, *month, day) * 86400 + hour * 3600 + minute * 60 +
                           second - std::int64_t{offset} * 60;
    std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    std::int64_t rest = seconds - days * 86400;
    Civil utc = civil_from_days(days);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00", utc.year, utc.month, utc.day,
                       rest / 3600, rest / 60 % 60, rest % 60);
  }
  const int magnitude = offset < 0 ? -offset : offset;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", year, *month, day, hour,
                     minute, second, offset < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
}

}  // namespace patchplan::feeds
