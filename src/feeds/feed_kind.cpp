// Words for feed kinds and advisory statuses.
#include "feeds/feed_kind.hpp"

#include <array>
#include <utility>

namespace patchplan::feeds {
namespace {

constexpr std::array<std::pair<FeedKind, std::string_view>, 5> kKinds = {{
    {FeedKind::kDebianTracker, "tracker"},
    {FeedKind::kDebianChangelog, "changelog"},
    {FeedKind::kOsv, "osv"},
    {FeedKind::kKev, "kev"},
    {FeedKind::kEpss, "epss"},
}};

constexpr std::array<std::pair<AdvisoryStatus, std::string_view>, 5> kStatuses = {{
    {AdvisoryStatus::kFixed, "fixed"},
    {AdvisoryStatus::kOpen, "open"},
    {AdvisoryStatus::kNotAffected, "not-affected"},
    {AdvisoryStatus::kUndetermined, "undetermined"},
    {AdvisoryStatus::kEndOfLife, "end-of-life"},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                         Enum value) {
  for (const auto& [entry, name] : table) {
    if (entry == value) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             std::string_view name) {
  for (const auto& [entry, entry_name] : table) {
    if (entry_name == name) return entry;
  }
  return std::nullopt;
}

}  // namespace

std::string_view kind_name(FeedKind kind) { return name_of(kKinds, kind); }
std::optional<FeedKind> parse_kind(std::string_view name) { return value_of(kKinds, name); }
std::string_view status_name(AdvisoryStatus status) { return name_of(kStatuses, status); }
std::optional<AdvisoryStatus> parse_status(std::string_view name) {
  return value_of(kStatuses, name);
}

}  // namespace patchplan::feeds
