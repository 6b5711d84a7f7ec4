// The planner's calendar: each window's occurrences per zone, blackouts removed, expanded
// once per (window, zone) however many hosts share them.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/expected.hpp"
#include "plan/plan.hpp"
#include "plan/policy.hpp"
#include "plan/recurrence.hpp"

namespace patchplan::plan {

// An occurrence a blackout removed, and which blackout.
struct DroppedOccurrence {
  Occurrence occurrence;
  std::string blackout;
};

class Calendar {
 public:
  // Expands over [from, until); `policy` must outlive the calendar.
  Calendar(const Policy& policy, Instant from, Instant until)
      : policy_(&policy), from_(from), until_(until) {}

  // The zone named `name`, looked up once.
  Expected<const Zone*> zone(const std::string& name);

  // The occurrences of window `name` for a host in zone `host_zone` (the window's own
  // zone if it names one), in time order, without those a blackout overlaps.
  Expected<const std::vector<Occurrence>*> occurrences(const std::string& name,
                                                       const std::string& host_zone);

  // Every occurrence a blackout removed, in time order.
  [[nodiscard]] std::vector<BlackedOut> blacked_out() const;

  // The occurrences of window `name` for `host_zone` that blackouts removed, in time
  // order; empty before occurrences() has expanded that window for that zone.
  [[nodiscard]] std::vector<DroppedOccurrence> dropped(const std::string& name,
                                                       const std::string& host_zone) const;

 private:
  const Policy* policy_;
  Instant from_;
  Instant until_;
  std::map<std::string, Zone> zones_;
  std::map<std::pair<std::string, std::string>, std::vector<Occurrence>> occurrences_;
  std::map<std::pair<std::string, std::string>, std::vector<DroppedOccurrence>> dropped_;
};

}  // namespace patchplan::plan
