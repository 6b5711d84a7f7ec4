// Window occurrences cached per (window, zone), blackouts applied in the host's zone.
#include "plan/calendar.hpp"

#include <algorithm>

namespace patchplan::plan {

Expected<const Zone*> Calendar::zone(const std::string& name) {
  if (auto it = zones_.find(name); it != zones_.end()) return &it->second;
  auto found = Zone::find(name);
  if (!found) return found.error();
  return &zones_.emplace(name, std::move(*found)).first->second;
}

Expected<const std::vector<Occurrence>*> Calendar::occurrences(const std::string& name,
                                                               const std::string& host_zone) {
  auto spec = policy_->windows.find(name);
  if (spec == policy_->windows.end()) {
    return make_error(ErrorCode::kInvalidInput, "window '{}' is not defined in '{}'", name,
                      policy_->file);
  }
  const std::string zone_name = spec->second.timezone.empty() ? host_zone : spec->second.timezone;
  auto key = std::pair{name, zone_name};
  if (auto it = occurrences_.find(key); it != occurrences_.end()) return &it->second;

  auto window_zone = zone(zone_name);
  if (!window_zone) return window_zone.error();
  auto expanded = expand_window(spec->second, **window_zone, from_, until_);
  if (!expanded) return expanded.error();
  for (const auto& blackout : policy_->blackouts) {
    auto blackout_zone = zone(blackout.timezone.empty() ? zone_name : blackout.timezone);
    if (!blackout_zone) return blackout_zone.error();
    auto intervals = expand_blackout(blackout, **blackout_zone, from_, until_);
    if (!intervals) return intervals.error();
    auto& list = dropped_[key];
    for (auto& o : remove_blacked_out(*expanded, *intervals)) {
      list.push_back({std::move(o), blackout.name});
    }
  }
  std::sort(dropped_[key].begin(), dropped_[key].end(),
            [](const DroppedOccurrence& a, const DroppedOccurrence& b) {
              return a.occurrence.start < b.occurrence.start;
            });
  return &occurrences_.emplace(key, std::move(*expanded)).first->second;
}

std::vector<BlackedOut> Calendar::blacked_out() const {
  std::vector<BlackedOut> out;
  for (const auto& [key, list] : dropped_) {
    for (const auto& d : list) out.push_back({key.first, key.second, d.occurrence.start});
  }
  std::sort(out.begin(), out.end(), [](const BlackedOut& a, const BlackedOut& b) {
    return std::tie(a.start, a.window, a.zone) < std::tie(b.start, b.window, b.zone);
  });
  return out;
}

std::vector<DroppedOccurrence> Calendar::dropped(const std::string& name,
                                                 const std::string& host_zone) const {
  auto spec = policy_->windows.find(name);
  if (spec == policy_->windows.end()) return {};
  auto it =
      dropped_.find({name, spec->second.timezone.empty() ? host_zone : spec->second.timezone});
  return it == dropped_.end() ? std::vector<DroppedOccurrence>{} : it->second;
}

}  // namespace patchplan::plan
