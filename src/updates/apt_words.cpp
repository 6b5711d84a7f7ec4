// apt's strutl primitives (ParseQuoteWord, ParseCWord, StringToBool, QuoteString,
// VectorizeString), following apt-pkg/contrib/strutl.cc of apt 2.6.
#include "updates/apt_words.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace patchplan::updates::detail {
namespace {

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::optional<std::string> parse_quote_word(std::string_view& text) {
  std::size_t end = 0;
  while (end < text.size() && text[end] == ' ') ++end;
  if (end == text.size()) return std::nullopt;

  // Find the end of the word; quoted and bracketed parts may hold blanks.
  for (; end < text.size() && !is_space(text[end]); ++end) {
    for (auto [open, close] : {std::pair{'"', '"'}, std::pair{'[', ']'}}) {
      if (end < text.size() && text[end] == open) {
        std::size_t closing = text.find(close, end + 1);
        if (closing == std::string_view::npos) return std::nullopt;
        end = closing;
      }
    }
  }

  // De-quote from the very start, as apt does (leading spaces stay in the word).
  std::string word;
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '%' && i + 2 < end && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
      word.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
      continue;
    }
    if (text[i] != '"') word.push_back(text[i]);
  }
  while (end < text.size() && is_space(text[end])) ++end;
  text.remove_prefix(end);
  return word;
}

std::optional<std::string> parse_c_word(std::string_view& text) {
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  if (i == text.size()) return std::nullopt;

  std::string word;
  for (; i < text.size(); ++i) {
    if (text[i] == '"') {
      std::size_t closing = text.find('"', i + 1);
      if (closing == std::string_view::npos) return std::nullopt;
      word.append(text.substr(i + 1, closing - i - 1));
      i = closing;
      continue;
    }
    if (i != 0 && is_space(text[i]) && is_space(text[i - 1])) continue;
    if (!is_space(text[i])) return std::nullopt;
    word.push_back(' ');
  }
  text.remove_prefix(text.size());
  return word;
}

int string_to_bool(std::string_view text, int fallback) {
  // A number is taken when strtol reads all of the text (so "", "0x1" and " 1" count).
  std::string copy(text);
  char* parse_end = nullptr;
  long number = std::strtol(copy.c_str(), &parse_end, 0);
  if (parse_end == copy.c_str() + copy.size() && number >= 0 && number <= 1) {
    return static_cast<int>(number);
  }
  for (std::string_view no : {"no", "false", "without", "off", "disable"}) {
    if (equals_ignore_case(text, no)) return 0;
  }
  for (std::string_view yes : {"yes", "true", "with", "on", "enable"}) {
    if (equals_ignore_case(text, yes)) return 1;
  }
  return fallback;
}

std::string quote_string(std::string_view text, std::string_view bad) {
  std::string quoted;
  quoted.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (bad.find(c) != std::string_view::npos || c == '%' || byte <= 0x20 || byte >= 0x7f) {
      quoted += fmt::format("%{:02x}", byte);
    } else {
      quoted.push_back(c);
    }
  }
  return quoted;
}

std::vector<std::string> vectorize(std::string_view text, char separator) {
  std::vector<std::string> parts;
  if (text.empty()) return parts;
  std::size_t start = 0;
  while (true) {
    std::size_t next = text.find(separator, start);
    if (next == std::string_view::npos) {
      parts.emplace_back(text.substr(start));
      return parts;
    }
    parts.emplace_back(text.substr(start, next - start));
    start = next + 1;
  }
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string to_lower_ascii(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) c = lower(c);
  return lowered;
}

}  // namespace patchplan::updates::detail
