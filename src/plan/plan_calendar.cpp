// plan_calendar: the waves as an RFC 5545 VCALENDAR, built with libical.
#include <libical/ical.h>

#include <memory>

#include "plan/plan_output.hpp"
#include "plan/zone.hpp"

namespace patchplan::plan {
namespace {

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

icaltimetype utc_time(Instant at) {
  return icaltime_from_timet_with_zone(static_cast<time_t>(at.time_since_epoch().count()), 0,
                                       icaltimezone_get_utc_timezone());
}

}  // namespace

Expected<std::string> plan_calendar(const Plan& plan, const std::string& plan_id) {
  std::unique_ptr<icalcomponent, ComponentFree> calendar(icalcomponent_new_vcalendar());
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//patchplan//plan//EN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
  const icaltimetype stamp = utc_time(plan.now);
  for (const auto& wave : plan.waves) {
    const int number = wave.number;
    std::string description =
        fmt::format("{} {} .. {} ({})\n", wave.zone, format_local(wave.local_start),
                    format_local(wave.local_end), window_kind_name(wave.kind));
    for (const auto& host : wave.hosts) {
      description +=
          fmt::format("{} at {} ({}):\n", host.host, format_local(host.local_slot), host.reboot);
      for (const auto& u : host.updates) {
        description +=
            fmt::format("  {} {} ({}, due {}, {})\n", u.package, u.candidate_version,
                        tier_name(u.tier), format_instant(u.due), due_state_name(u.state));
      }
    }
    icalcomponent* event = icalcomponent_new_vevent();
    const std::string uid = fmt::format("patchplan-plan-{}-wave-{}", plan_id, number);
    const std::string summary = fmt::format("patchplan wave {}: ring {}, window {} ({} hosts)",
                                            number, wave.ring, wave.window, wave.hosts.size());
    icalcomponent_add_property(event, icalproperty_new_uid(uid.c_str()));
    icalcomponent_add_property(event, icalproperty_new_dtstamp(stamp));
    icalcomponent_add_property(event, icalproperty_new_dtstart(utc_time(wave.start)));
    icalcomponent_add_property(event, icalproperty_new_dtend(utc_time(wave.end)));
    icalcomponent_add_property(event, icalproperty_new_summary(summary.c_str()));
    icalcomponent_add_property(event, icalproperty_new_description(description.c_str()));
    icalcomponent_add_component(calendar.get(), event);
  }
  char* text = icalcomponent_as_ical_string_r(calendar.get());
  if (text == nullptr) return make_error(ErrorCode::kInternal, "libical cannot write the calendar");
  std::string out(text);
  free(text);  // NOLINT: allocated by libical with malloc
  return out;
}

}  // namespace patchplan::plan
