// Timestamps of the store: UTC instants in milliseconds, written as ISO 8601 text.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "common/expected.hpp"

namespace patchplan::store {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

// Where the store takes "now" from; tests give a fixed or stepping clock.
using Clock = std::function<Timestamp()>;

// The system clock, truncated to milliseconds.
Timestamp system_now();

// "2026-12-04T15:05:24.123Z": ISO 8601 extended format, UTC, always three fraction
// digits, so that the text of two timestamps sorts like the instants (years 0000-9999).
std::string format_timestamp(Timestamp time);

// Parses exactly the format written by format_timestamp; anything else is kInvalidInput.
Expected<Timestamp> parse_timestamp(std::string_view text);

}  // namespace patchplan::store
