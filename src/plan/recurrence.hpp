// Window occurrences: a WindowSpec's RRULE expanded by libical's icalrecur_iterator in
// the window's zone, each occurrence in local time and UTC.
#pragma once

#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "plan/policy.hpp"
#include "plan/zone.hpp"

namespace patchplan::plan {

struct Occurrence {
  const WindowSpec* window = nullptr;
  LocalTime local_start;
  LocalTime local_end;
  Instant start;  // UTC
  Instant end;    // start + duration (elapsed time: a window over a DST change keeps its length)

  friend bool operator==(const Occurrence&, const Occurrence&) = default;
};

// Checks that `rrule` is an RRULE libical accepts (RFC 5545 section 3.3.10); the message
// is libical's reason, e.g. "invalid RRULE 'FREQ=MONTHY': MALFORMEDDATA".
Status check_rrule(std::string_view rrule);

// The occurrences of `window` in `zone` whose start lies in [from, until), in time order.
// Local starts that fall into a DST gap or overlap follow Zone::to_utc (RFC 5545 3.3.5).
Expected<std::vector<Occurrence>> expand_window(const WindowSpec& window, const Zone& zone,
                                                Instant from, Instant until);

// A blackout as UTC intervals [start, end) that overlap [from, until).
struct Interval {
  Instant start;
  Instant end;
};
Expected<std::vector<Interval>> expand_blackout(const Blackout& blackout, const Zone& zone,
                                                Instant from, Instant until);

// Drops the occurrences that overlap any of `blackouts`; returns the dropped ones.
std::vector<Occurrence> remove_blacked_out(std::vector<Occurrence>& occurrences,
                                           const std::vector<Interval>& blackouts);

}  // namespace patchplan::plan
