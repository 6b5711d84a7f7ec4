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

icaltimetype utc_time(const std::string& text) {
  auto at = parse_instant(text);
  return icaltime_from_timet_with_zone(at ? static_cast<time_t>(at->time_since_epoch().count()) : 0,
                                       0, icaltimezone_get_utc_timezone());
}

std::string s(const nlohmann::json& value, const char* key) {
  auto it = value.find(key);
  return it != value.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Expected<std::string> plan_calendar(const nlohmann::json& plan, const std::string& plan_id) {
  std::unique_ptr<icalcomponent, ComponentFree> calendar(icalcomponent_new_vcalendar());
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//patchplan//plan//EN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
  const icaltimetype stamp = utc_time(s(plan, "now"));
  for (const auto& wave : plan.at("waves")) {
    const int number = wave.at("number").get<int>();
    std::string description =
        fmt::format("{} {} .. {} ({})\n", s(wave, "zone"), s(wave, "local_start"),
                    s(wave, "local_end"), s(wave, "kind"));
    for (const auto& host : wave.at("hosts")) {
      description += fmt::format("{} at {} ({}):\n", s(host, "host"), s(host, "local_slot"),
                                 s(host, "reboot"));
      for (const auto& u : host.at("updates")) {
        description +=
            fmt::format("  {} {} ({}, due {}, {})\n", s(u, "package"), s(u, "candidate_version"),
                        s(u, "tier"), s(u, "due"), s(u, "state"));
      }
    }
    icalcomponent* event = icalcomponent_new_vevent();
    const std::string uid = fmt::format("patchplan-plan-{}-wave-{}", plan_id, number);
    const std::string summary =
        fmt::format("patchplan wave {}: ring {}, window {} ({} hosts)", number, s(wave, "ring"),
                    s(wave, "window"), wave.at("hosts").size());
    icalcomponent_add_property(event, icalproperty_new_uid(uid.c_str()));
    icalcomponent_add_property(event, icalproperty_new_dtstamp(stamp));
    icalcomponent_add_property(event, icalproperty_new_dtstart(utc_time(s(wave, "start"))));
    icalcomponent_add_property(event, icalproperty_new_dtend(utc_time(s(wave, "end"))));
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
