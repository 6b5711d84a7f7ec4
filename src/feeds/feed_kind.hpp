// The names of the feed kinds, as the command line, the store and the reports spell them.
#pragma once

#include <optional>
#include <string_view>

#include "feeds/advisory.hpp"

namespace patchplan::feeds {

// "tracker", "changelog", "osv", "kev", "epss".
std::string_view kind_name(FeedKind kind);

// The kind named `name` (one of kind_name's words), or nullopt.
std::optional<FeedKind> parse_kind(std::string_view name);

// "fixed", "open", "not-affected", "undetermined", "end-of-life": the store's words.
std::string_view status_name(AdvisoryStatus status);
std::optional<AdvisoryStatus> parse_status(std::string_view name);

}  // namespace patchplan::feeds
