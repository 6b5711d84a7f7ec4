// Header, trailer and old-format delimiter lines of a Debian changelog, after dpkg 1.21.
#include "feeds/changelog_lines.hpp"

#include <regex>

namespace patchplan::feeds::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// [-+0-9a-z.] with dpkg's /i flag.
bool is_name_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '+' ||
         c == '.';
}

std::string_view trim_right(std::string_view text) {
  while (!text.empty() && is_perl_space(text.back())) text.remove_suffix(1);
  return text;
}

// Steps back over a run of characters of `keep` that ends at `end`; returns its start.
template <typename Pred>
std::size_t run_start(std::string_view text, std::size_t end, Pred keep) {
  while (end > 0 && keep(text[end - 1])) --end;
  return end;
}

// The date at the end of `line` ("DD Mon YYYY HH:MM:SS +ZZZZ", right-trimmed): the
// position where its day digits start and where its month word is, or nullopt.
struct DateBody {
  std::size_t start = 0;
  std::size_t month_start = 0;
  std::size_t month_end = 0;
};

std::optional<DateBody> match_date_body(std::string_view s) {
  std::size_t e = s.size();
  if (e < 5 || (s[e - 5] != '+' && s[e - 5] != '-')) return std::nullopt;
  for (std::size_t i = e - 4; i < e; ++i) {
    if (!is_digit(s[i])) return std::nullopt;
  }
  std::size_t p = run_start(s, e - 5, is_perl_space);
  if (p == e - 5 || p < 8) return std::nullopt;
  // HH:MM:SS with a one- or two-digit hour.
  if (!is_digit(s[p - 1]) || !is_digit(s[p - 2]) || s[p - 3] != ':' || !is_digit(s[p - 4]) ||
      !is_digit(s[p - 5]) || s[p - 6] != ':') {
    return std::nullopt;
  }
  std::size_t hour = run_start(s, p - 6, is_digit);
  if (p - 6 - hour < 1 || p - 6 - hour > 2) return std::nullopt;
  std::size_t q = run_start(s, hour, is_perl_space);
  if (q == hour) return std::nullopt;
  std::size_t year = run_start(s, q, is_digit);
  if (q - year != 4) return std::nullopt;
  std::size_t r = run_start(s, year, is_perl_space);
  if (r == year) return std::nullopt;
  std::size_t month = run_start(s, r, is_word_char);
  if (month == r) return std::nullopt;
  std::size_t t = run_start(s, month, is_perl_space);
  if (t == month) return std::nullopt;
  std::size_t day = run_start(s, t, is_digit);
  if (t - day < 1 || t - day > 2) return std::nullopt;
  return DateBody{day, month, r};
}

// One or two spaces then '>' end at `end`: the position of '>', or nullopt.
std::optional<std::size_t> blanks_after_email(std::string_view s, std::size_t end) {
  std::size_t start = run_start(s, end, [](char c) { return c == ' '; });
  if (end - start < 1 || end - start > 2 || start == 0 || s[start - 1] != '>') {
    return std::nullopt;
  }
  return start - 1;
}

const std::regex& ancient_regex() {
  static const std::regex regex(
      R"(^(?:\w+\s+\w+\s+\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}\s+[\w\s]*\d{4}\s+.*\s+[<(].*[)>])"
      R"(|\w+\s+\w+\s+\d{1,2},?\s*\d{4}\s+.*\s+[<(].*[)>])"
      R"(|\w[-+0-9a-z.]* \([^() \t]+\))"
      R"(|[\w.+-]+[- ]\S+ Debian \S+)"
      R"(|Changes from version .* to .*:)"
      R"(|Changes for [\w.+-]+-[\w.+-]+:?\s*$)"
      R"(|Old Changelog:\s*$)"
      R"(|(?:\d+:)?\w[\w.+~-]*:?\s*$))",
      std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  return regex;
}

}  // namespace

bool is_perl_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_word_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

std::optional<HeaderLine> match_header(std::string_view line) {
  if (line.empty() || !is_word_char(line[0])) return std::nullopt;
  std::size_t i = 1;
  while (i < line.size() && is_name_char(line[i])) ++i;
  HeaderLine header;
  header.package = line.substr(0, i);
  if (line.substr(i, 2) != " (") return std::nullopt;
  std::size_t version_start = i + 2;
  std::size_t j = version_start;
  while (j < line.size() && line[j] != '(' && line[j] != ')' && line[j] != ' ' && line[j] != '\t')
    ++j;
  if (j == version_start || j >= line.size() || line[j] != ')') return std::nullopt;
  header.version = line.substr(version_start, j - version_start);

  // ((?:\s+[-+0-9a-z.]+)+) then ';'.
  std::size_t dist_start = ++j;
  bool any = false;
  while (j < line.size() && is_perl_space(line[j])) {
    while (j < line.size() && is_perl_space(line[j])) ++j;
    std::size_t word = j;
    while (j < line.size() && is_name_char(line[j])) ++j;
    if (j == word) return std::nullopt;
    any = true;
  }
  if (!any || j >= line.size() || line[j] != ';') return std::nullopt;
  header.distributions = line.substr(dist_start, j - dist_start);
  header.options = trim_right(line.substr(j + 1));
  return header;
}

std::optional<TrailerLine> match_trailer(std::string_view line) {
  if (!line.starts_with(" -- ")) return std::nullopt;
  std::string_view s = trim_right(line);
  auto body = match_date_body(s);
  if (!body) return std::nullopt;

  TrailerLine trailer;
  std::size_t date_start = body->start;
  std::optional<std::size_t> gt;
  // With a week day: "(\w+),\s*" before the day of month.
  std::size_t comma = run_start(s, body->start, is_perl_space);
  if (comma > 0 && s[comma - 1] == ',') {
    std::size_t word = run_start(s, comma - 1, is_word_char);
    if (word < comma - 1) {
      gt = blanks_after_email(s, word);
      if (gt) {
        trailer.week_day = s.substr(word, comma - 1 - word);
        date_start = word;
      }
    }
  }
  if (!gt) gt = blanks_after_email(s, body->start);
  if (!gt) return std::nullopt;

  std::size_t open = s.substr(0, *gt).rfind(" <");
  if (open == std::string_view::npos || open < 4) return std::nullopt;
  trailer.name = s.substr(4, open - 4);
  trailer.email = s.substr(open + 2, *gt - open - 2);
  trailer.blanks = s.substr(*gt + 1, date_start - *gt - 1);
  trailer.date = s.substr(date_start);
  trailer.date_body = s.substr(body->start);
  trailer.month = s.substr(body->month_start, body->month_end - body->month_start);
  return trailer;
}

bool is_ancient_delimiter(std::string_view line) {
  if (line.empty() || !is_word_char(line[0]) || line.size() > kMaxAncientLine) return false;
  return std::regex_search(line.begin(), line.end(), ancient_regex(),
                           std::regex_constants::match_continuous);
}

}  // namespace patchplan::feeds::detail
