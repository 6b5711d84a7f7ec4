// ISO 8601 date-time parsing for feed dates (KEV dateReleased, EPSS score_date, OSV modified).
#include "feeds/feed_time.hpp"

#include <charconv>

namespace patchplan::feeds {
namespace {

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  // Reads exactly `digits` decimal digits.
  bool number(int digits, int& value) {
    if (text_.size() - pos_ < static_cast<std::size_t>(digits)) return false;
    value = 0;
    for (int i = 0; i < digits; ++i) {
      const char c = text_[pos_++];
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    return true;
  }
  bool literal(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  [[nodiscard]] bool done() const { return pos_ == text_.size(); }
  [[nodiscard]] char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

Error bad_time(std::string_view text) {
  return make_error(ErrorCode::kInvalidInput, "'{}' is not an ISO 8601 date or time", text);
}

// The fraction after '.', as milliseconds (digits beyond the third are dropped).
bool read_fraction(Cursor& cursor, int& millis) {
  millis = 0;
  int digits = 0;
  while (cursor.peek() >= '0' && cursor.peek() <= '9') {
    int digit = 0;
    cursor.number(1, digit);
    if (digits < 3) millis = millis * 10 + digit;
    ++digits;
  }
  for (int i = digits; i < 3; ++i) millis *= 10;
  return digits > 0;
}

// The zone offset in minutes east of UTC: "Z", "+HHMM" or "+HH:MM".
bool read_zone(Cursor& cursor, int& offset_minutes) {
  offset_minutes = 0;
  if (cursor.literal('Z') || cursor.literal('z')) return true;
  int sign = 0;
  if (cursor.literal('+')) sign = 1;
  if (sign == 0 && cursor.literal('-')) sign = -1;
  if (sign == 0) return false;
  int hours = 0;
  int minutes = 0;
  if (!cursor.number(2, hours)) return false;
  cursor.literal(':');
  if (!cursor.number(2, minutes) || hours > 23 || minutes > 59) return false;
  offset_minutes = sign * (hours * 60 + minutes);
  return true;
}

}  // namespace

Expected<store::Timestamp> parse_feed_time(std::string_view text) {
  using namespace std::chrono;
  Cursor cursor(text);
  int y = 0, mo = 0, d = 0;
  if (!cursor.number(4, y) || !cursor.literal('-') || !cursor.number(2, mo) ||
      !cursor.literal('-') || !cursor.number(2, d)) {
    return bad_time(text);
  }
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                            day{static_cast<unsigned>(d)}};
  if (!date.ok()) return bad_time(text);
  store::Timestamp result = time_point_cast<milliseconds>(sys_days{date});
  if (cursor.done()) return result;

  int h = 0, mi = 0, s = 0, millis = 0, offset = 0;
  if (!(cursor.literal('T') || cursor.literal(' ')) || !cursor.number(2, h) ||
      !cursor.literal(':') || !cursor.number(2, mi) || !cursor.literal(':') ||
      !cursor.number(2, s) || h > 23 || mi > 59 || s > 60) {
    return bad_time(text);
  }
  if (cursor.literal('.') && !read_fraction(cursor, millis)) return bad_time(text);
  if (!read_zone(cursor, offset) || !cursor.done()) return bad_time(text);
  result += hours{h} + minutes{mi} + seconds{s} + milliseconds{millis} - minutes{offset};
  return result;
}

}  // namespace patchplan::feeds
