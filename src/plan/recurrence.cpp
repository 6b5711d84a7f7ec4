// RRULE expansion with libical (never by hand), DST-correct through Zone::to_utc.
#include "plan/recurrence.hpp"

#include <libical/ical.h>

#include <algorithm>
#include <memory>

namespace patchplan::plan {
namespace {

using std::chrono::seconds;

struct IteratorFree {
  void operator()(icalrecur_iterator* it) const { icalrecur_iterator_free(it); }
};

Expected<icalrecurrencetype> parse_rrule(std::string_view rrule) {
  std::string text(rrule);
  icalerror_clear_errno();
  icalrecurrencetype recur = icalrecurrencetype_from_string(text.c_str());
  if (icalerrno != ICAL_NO_ERROR || recur.freq == ICAL_NO_RECURRENCE) {
    std::string reason = icalerrno != ICAL_NO_ERROR ? icalerror_strerror(icalerrno) : "no FREQ";
    icalerror_clear_errno();
    return make_error(ErrorCode::kInvalidInput, "invalid RRULE '{}': {}", text, reason);
  }
  return recur;
}

icaltimetype floating(LocalTime local) {
  auto days = std::chrono::floor<std::chrono::days>(local);
  std::chrono::year_month_day date{std::chrono::local_days(days)};
  std::chrono::hh_mm_ss<seconds> clock(local - days);
  icaltimetype t = icaltime_null_time();
  t.year = static_cast<int>(date.year());
  t.month = static_cast<int>(static_cast<unsigned>(date.month()));
  t.day = static_cast<int>(static_cast<unsigned>(date.day()));
  t.hour = static_cast<int>(clock.hours().count());
  t.minute = static_cast<int>(clock.minutes().count());
  t.second = static_cast<int>(clock.seconds().count());
  return t;
}

LocalTime from_ical(const icaltimetype& t) {
  std::chrono::year_month_day date{std::chrono::year(t.year),
                                   std::chrono::month(static_cast<unsigned>(t.month)),
                                   std::chrono::day(static_cast<unsigned>(t.day))};
  return LocalTime(std::chrono::local_days(date).time_since_epoch() + std::chrono::hours(t.hour) +
                   std::chrono::minutes(t.minute) + seconds(t.second));
}

}  // namespace

Status check_rrule(std::string_view rrule) {
  auto recur = parse_rrule(rrule);
  if (!recur) return recur.error();
  return ok();
}

Expected<std::vector<Occurrence>> expand_window(const WindowSpec& window, const Zone& zone,
                                                Instant from, Instant until) {
  auto recur = parse_rrule(window.rrule);
  if (!recur) return recur.error().context(fmt::format("window '{}'", window.name));
  auto anchor = parse_local(window.anchor);
  if (!anchor) return anchor.error().context(fmt::format("window '{}' anchor", window.name));
  LocalTime dtstart = *anchor + std::chrono::minutes(window.start_minute);

  std::unique_ptr<icalrecur_iterator, IteratorFree> it(
      icalrecur_iterator_new(*recur, floating(dtstart)));
  if (!it) {
    icalerror_clear_errno();
    return make_error(ErrorCode::kInvalidInput, "window '{}': libical cannot expand RRULE '{}'",
                      window.name, window.rrule);
  }
  // Start the iterator a little before `from` in local terms (a day covers any offset).
  LocalTime first = zone.to_local(from) - std::chrono::hours(48);
  if (first > dtstart) icalrecur_iterator_set_start(it.get(), floating(first));

  std::vector<Occurrence> out;
  for (;;) {
    icaltimetype next = icalrecur_iterator_next(it.get());
    if (icaltime_is_null_time(next)) break;
    LocalTime local = from_ical(next);
    Instant start = zone.to_utc(local);
    if (start >= until) break;
    if (start < from) continue;
    Instant end = start + window.duration;
    out.push_back({&window, zone.to_local(start), zone.to_local(end), start, end});
  }
  return out;
}

Expected<std::vector<Interval>> expand_blackout(const Blackout& blackout, const Zone& zone,
                                                Instant from, Instant until) {
  std::vector<Interval> out;
  if (blackout.recurrence) {
    // A recurring freeze counts from one duration before `from`, so one in force at `from`
    // is seen.
    auto occurrences =
        expand_window(*blackout.recurrence, zone, from - blackout.recurrence->duration, until);
    if (!occurrences)
      return occurrences.error().context(fmt::format("blackout '{}'", blackout.name));
    for (const auto& o : *occurrences) out.push_back({o.start, o.end});
    return out;
  }
  auto first = parse_local(blackout.from);
  auto last = parse_local(blackout.until);
  if (!first || !last) {
    return make_error(ErrorCode::kInvalidInput, "blackout '{}': bad dates", blackout.name);
  }
  Interval interval{zone.to_utc(*first), zone.to_utc(*last + std::chrono::days(1))};
  if (interval.end > from && interval.start < until) out.push_back(interval);
  return out;
}

std::vector<Occurrence> remove_blacked_out(std::vector<Occurrence>& occurrences,
                                           const std::vector<Interval>& blackouts) {
  std::vector<Occurrence> dropped;
  auto blocked = [&](const Occurrence& o) {
    return std::any_of(blackouts.begin(), blackouts.end(),
                       [&](const Interval& b) { return o.start < b.end && b.start < o.end; });
  };
  std::vector<Occurrence> kept;
  for (auto& o : occurrences) (blocked(o) ? dropped : kept).push_back(o);
  occurrences = std::move(kept);
  return dropped;
}

}  // namespace patchplan::plan
