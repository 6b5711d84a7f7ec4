// The dates and times that feeds write, read into the store's timestamps.
#pragma once

#include <string_view>

#include "common/expected.hpp"
#include "store/timestamp.hpp"

namespace patchplan::feeds {

// Parses RFC 3339 / ISO 8601 text as the feeds write it: "2025-08-25" (midnight UTC),
// "2025-08-25T17:04:19Z", with a fraction of any length ("...19.9796Z", truncated to
// milliseconds) and a zone "Z", "+0000" or "+02:00". Anything else is kInvalidInput
// naming the text.
Expected<store::Timestamp> parse_feed_time(std::string_view text);

}  // namespace patchplan::feeds
