// The line shapes of a Debian changelog as dpkg's parser recognises them
// (Dpkg::Changelog::Entry::Debian $regex_header and $regex_trailer, and
// Dpkg::Changelog::Debian $ancient_delimiter_re, dpkg 1.21), matched without regexes
// where the shape allows it.
#pragma once

#include <optional>
#include <string_view>

namespace patchplan::feeds::detail {

// "source (version) dist1 dist2; key=value, key=value" (views into the line).
struct HeaderLine {
  std::string_view package;
  std::string_view version;
  std::string_view distributions;  // blank-separated, leading blanks included
  std::string_view options;        // after ';', trailing blanks removed
};

// " -- Name <mail>  [Day, ]DD Mon YYYY HH:MM:SS +ZZZZ".
struct TrailerLine {
  std::string_view name;
  std::string_view email;
  std::string_view blanks;     // what separates '>' from the date: dpkg wants two spaces
  std::string_view date;       // the whole date, day of week included
  std::string_view week_day;   // empty when the date has none
  std::string_view date_body;  // "DD Mon YYYY HH:MM:SS +ZZZZ"
  std::string_view month;      // the month word as written
};

// Perl's \s and \w on bytes: the classes dpkg's regexes use.
bool is_perl_space(char c);
bool is_word_char(char c);

std::optional<HeaderLine> match_header(std::string_view line);
std::optional<TrailerLine> match_trailer(std::string_view line);

// True for the first line of an old-format changelog part (GNU-style dated lines, headers
// without options, "Old Changelog:", ...): dpkg keeps everything from there on as an
// unparsed tail. Lines longer than kMaxAncientLine are never taken as such a delimiter.
bool is_ancient_delimiter(std::string_view line);
inline constexpr std::size_t kMaxAncientLine = 2048;

}  // namespace patchplan::feeds::detail
