// Formatting and strict parsing of the store's ISO 8601 UTC timestamps.
#include "store/timestamp.hpp"

#include <charconv>

namespace patchplan::store {
namespace {

using std::chrono::days;
using std::chrono::milliseconds;

// Reads `width` decimal digits at `pos` of `text`; -1 if they are not all digits.
int digits_at(std::string_view text, std::size_t pos, std::size_t width) {
  int value = 0;
  const char* first = text.data() + pos;
  const char* last = first + width;
  for (const char* c = first; c != last; ++c) {
    if (*c < '0' || *c > '9') return -1;
  }
  std::from_chars(first, last, value);
  return value;
}

}  // namespace

Timestamp system_now() {
  return std::chrono::floor<milliseconds>(std::chrono::system_clock::now());
}

std::string format_timestamp(Timestamp time) {
  const auto day = std::chrono::floor<days>(time);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss clock{time - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     clock.hours().count(), clock.minutes().count(), clock.seconds().count(),
                     clock.subseconds().count());
}

Expected<Timestamp> parse_timestamp(std::string_view text) {
  // Layout: YYYY-MM-DDTHH:MM:SS.mmmZ (24 characters).
  constexpr std::string_view kLayout = "0000-00-00T00:00:00.000Z";
  bool layout_ok = text.size() == kLayout.size();
  for (std::size_t i = 0; layout_ok && i < kLayout.size(); ++i) {
    if (kLayout[i] != '0') layout_ok = text[i] == kLayout[i];
  }
  const int year = layout_ok ? digits_at(text, 0, 4) : -1;
  const int month = layout_ok ? digits_at(text, 5, 2) : -1;
  const int day = layout_ok ? digits_at(text, 8, 2) : -1;
  const int hour = layout_ok ? digits_at(text, 11, 2) : -1;
  const int minute = layout_ok ? digits_at(text, 14, 2) : -1;
  const int second = layout_ok ? digits_at(text, 17, 2) : -1;
  const int millis = layout_ok ? digits_at(text, 20, 3) : -1;
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 59 || millis < 0 || !date.ok()) {
    return make_error(ErrorCode::kInvalidInput,
                      "invalid timestamp '{}': expected UTC 'YYYY-MM-DDTHH:MM:SS.mmmZ'", text);
  }
  return Timestamp{std::chrono::sys_days{date} + std::chrono::hours{hour} +
                   std::chrono::minutes{minute} + std::chrono::seconds{second} +
                   milliseconds{millis}};
}

}  // namespace patchplan::store
