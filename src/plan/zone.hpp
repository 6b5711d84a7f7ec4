// Time zones: IANA zones as libical reads them from the system zoneinfo (Debian 12's
// libical 3.0.16 is built without its own tz data), with RFC 5545's local-time rules.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/expected.hpp"

struct _icaltimezone;

namespace patchplan::plan {

using Instant = std::chrono::sys_seconds;
using LocalTime = std::chrono::local_seconds;

class Zone {
 public:
  // The zone named `name` ("UTC", "Europe/Madrid", ...); kNotFound for a name the system
  // zoneinfo does not have ("unknown time zone 'Mars/Olympus'").
  static Expected<Zone> find(std::string_view name);

  [[nodiscard]] const std::string& name() const { return name_; }

  // UTC offset in effect at `instant`.
  [[nodiscard]] std::chrono::seconds offset_at(Instant instant) const;

  [[nodiscard]] LocalTime to_local(Instant instant) const;

  // The instant of local time `local`, as RFC 5545 section 3.3.5 reads a DATE-TIME with a
  // TZID: a local time that occurs twice (fall back) is its first occurrence; one that does
  // not occur (spring forward) is read with the UTC offset before the gap, so 02:30 on the
  // spring-forward day of Europe/Madrid is 01:30Z, shown locally as 03:30.
  [[nodiscard]] Instant to_utc(LocalTime local) const;

 private:
  Zone(std::string name, _icaltimezone* zone) : name_(std::move(name)), zone_(zone) {}

  std::string name_;
  _icaltimezone* zone_;  // owned by libical's builtin zone table
};

// "2026-03-29T03:30" for a local time; "2026-03-29T01:30Z" for an instant.
std::string format_local(LocalTime local);
std::string format_instant(Instant instant);

// Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]" (local) and the same with "Z" (instant).
Expected<LocalTime> parse_local(std::string_view text);
Expected<Instant> parse_instant(std::string_view text);

}  // namespace patchplan::plan
