// apt's small text primitives (apt-pkg/contrib/strutl.cc) that its configuration,
// sources and preferences parsers are built on, reproduced with the same quirks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace patchplan::updates::detail {

// ParseQuoteWord: takes one blank-separated word off the front of `text`, where "..."
// and [...] may contain blanks; '"' characters are removed and %xx escapes decoded.
// Leading spaces (only ' ') are skipped, trailing blanks consumed. nullopt when nothing
// is left or a quote or bracket is not closed; `text` is then unchanged.
std::optional<std::string> parse_quote_word(std::string_view& text);

// ParseCWord: a value made only of "..." strings separated by blanks, concatenated with
// one space per run of blanks between them. nullopt (and `text` unchanged) when anything
// else appears, so that the caller can fall back to parse_quote_word.
std::optional<std::string> parse_c_word(std::string_view& text);

// StringToBool: "0"/"1", or yes/true/with/on/enable and no/false/without/off/disable in
// any case; anything else gives `fallback`.
int string_to_bool(std::string_view text, int fallback);

// QuoteString: every byte in `bad`, every '%', control byte, space and byte >= 0x7f is
// written as %xx (lowercase hex), the rest as is.
std::string quote_string(std::string_view text, std::string_view bad);

// VectorizeString: the parts of `text` between `separator`s; empty text gives no parts.
std::vector<std::string> vectorize(std::string_view text, char separator);

// Case-insensitive ASCII comparison, as apt's stringcasecmp for equality.
bool equals_ignore_case(std::string_view a, std::string_view b);

std::string to_lower_ascii(std::string_view text);

// isspace in the C locale: space, \t, \n, \v, \f, \r.
bool is_space(char c);

}  // namespace patchplan::updates::detail
