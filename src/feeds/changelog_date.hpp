// The date of a changelog trailer (RFC 2822 form, Debian Policy 4.4) in ISO 8601.
#pragma once

#include <string>
#include <string_view>

#include "common/expected.hpp"

namespace patchplan::feeds {

// Converts "DD Month YYYY HH:MM:SS +ZZZZ" (the trailer's date without the week day) to
// "YYYY-MM-DDTHH:MM:SS+ZZ:ZZ" in the date's own zone. The month is an English name or
// its three-letter abbreviation, in any case ("Jun", "June"). "-0000" is RFC 2822's
// unknown zone (section 3.3): the result has no offset. An offset of 24 hours or more
// cannot be written in ISO 8601: the time is then given in UTC. kInvalidInput for an
// unknown month or a day, hour, minute or second out of range, naming the date.
Expected<std::string> changelog_date_to_iso(std::string_view date_body);

}  // namespace patchplan::feeds
