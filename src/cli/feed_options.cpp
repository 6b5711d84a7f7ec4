// kind_assignment and feed_limits.
#include "cli/feed_options.hpp"

#include <algorithm>

#include "feeds/feed_kind.hpp"

namespace patchplan::cli {

Expected<std::pair<feeds::FeedKind, std::string>> kind_assignment(std::string_view text,
                                                                  std::string_view option) {
  const std::size_t equals = text.find('=');
  const auto kind = feeds::parse_kind(text.substr(0, std::min(equals, text.size())));
  if (equals == std::string_view::npos || !kind || equals + 1 == text.size()) {
    return make_error(ErrorCode::kUsage,
                      "{} '{}': expected KIND=VALUE with KIND tracker, osv, kev or epss", option,
                      text);
  }
  return std::pair(*kind, std::string(text.substr(equals + 1)));
}

Expected<feeds::FeedLimits> feed_limits(const std::vector<std::string>& texts,
                                        std::string_view option) {
  feeds::FeedLimits limits;
  for (const auto& text : texts) {
    auto assignment = kind_assignment(text, option);
    if (!assignment) return assignment.error();
    std::string age = assignment->second;
    if (std::all_of(age.begin(), age.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      age += "d";
    }
    auto duration = feeds::parse_duration(age);
    if (!duration) return duration.error().context(fmt::format("{} '{}'", option, text));
    limits.max_age[assignment->first] = *duration;
  }
  return limits;
}

}  // namespace patchplan::cli
