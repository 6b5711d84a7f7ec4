// Options that name a feed kind: "KIND=VALUE" of --url, --max-age and --max-feed-age.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/expected.hpp"
#include "feeds/advisory.hpp"
#include "feeds/feed_catalog.hpp"

namespace patchplan::cli {

// "tracker=https://..." as (kind, value); a usage error naming `option` otherwise.
Expected<std::pair<feeds::FeedKind, std::string>> kind_assignment(std::string_view text,
                                                                  std::string_view option);

// The default feed limits with each "KIND=AGE" of `texts` applied. AGE is a duration
// ("2d", "36h", "90m") or a bare number of days ("3"). Errors name `option` and the text.
Expected<feeds::FeedLimits> feed_limits(const std::vector<std::string>& texts,
                                        std::string_view option);

}  // namespace patchplan::cli
