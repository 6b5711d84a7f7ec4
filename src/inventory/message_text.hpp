// Input quoted in one-line warnings and errors, made safe to print.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace patchplan::inventory {

// `text` made safe to quote in a one-line message: at most `max_bytes` bytes, control
// characters, quotes, backslashes and bytes outside ASCII written as \xNN, "..." if cut.
std::string message_excerpt(std::string_view text, std::size_t max_bytes = 64);

// `message` with its control characters (below 0x20, and 0x7f) written as \xNN, so that a
// message quoting raw input cannot drive the terminal it is printed on.
std::string without_control_characters(std::string_view message);

}  // namespace patchplan::inventory
