// Tests of zones and window expansion: RFC 5545 local-time rules, libical's RRULEs.
#include "plan/recurrence.hpp"

#include <gtest/gtest.h>

namespace patchplan::plan {
namespace {

Instant at(std::string_view text) { return *parse_instant(text); }

WindowSpec window(std::string rrule, int start_minute, Seconds duration) {
  WindowSpec w;
  w.name = "w";
  w.rrule = std::move(rrule);
  w.start_minute = start_minute;
  w.duration = duration;
  return w;
}

std::vector<std::string> starts(const std::vector<Occurrence>& occurrences) {
  std::vector<std::string> out;
  for (const auto& o : occurrences) {
    out.push_back(format_local(o.local_start) + " " + format_instant(o.start));
  }
  return out;
}

TEST(ZoneTest, UnknownZoneIsNotFound) {
  auto zone = Zone::find("Mars/Olympus");
  ASSERT_FALSE(zone.has_value());
  EXPECT_EQ(zone.error().message, "unknown time zone 'Mars/Olympus'");
}

TEST(ZoneTest, SpringForwardGapUsesTheOffsetBeforeTheGap) {
  auto madrid = Zone::find("Europe/Madrid");
  ASSERT_TRUE(madrid.has_value());
  Instant utc = madrid->to_utc(*parse_local("2026-03-29T02:30"));
  EXPECT_EQ(format_instant(utc), "2026-03-29T01:30Z");
  EXPECT_EQ(format_local(madrid->to_local(utc)), "2026-03-29T03:30");
  auto new_york = Zone::find("America/New_York");
  ASSERT_TRUE(new_york.has_value());
  EXPECT_EQ(format_instant(new_york->to_utc(*parse_local("2026-03-08T02:30"))),
            "2026-03-08T07:30Z");
}

TEST(ZoneTest, FallBackOverlapIsTheFirstOccurrence) {
  auto madrid = Zone::find("Europe/Madrid");
  ASSERT_TRUE(madrid.has_value());
  EXPECT_EQ(format_instant(madrid->to_utc(*parse_local("2026-10-25T02:30"))), "2026-10-25T00:30Z");
  auto new_york = Zone::find("America/New_York");
  ASSERT_TRUE(new_york.has_value());
  EXPECT_EQ(format_instant(new_york->to_utc(*parse_local("2026-11-01T01:30"))),
            "2026-11-01T05:30Z");
  EXPECT_EQ(format_instant(new_york->to_utc(*parse_local("2026-07-01T12:00"))),
            "2026-07-01T16:00Z");
}

TEST(RecurrenceTest, FifthTuesdayRuleSkipsMonthsWithoutOne) {
  auto utc = Zone::find("UTC");
  auto o = expand_window(window("FREQ=MONTHLY;BYDAY=5TU", 22 * 60, std::chrono::hours(2)), *utc,
                         at("2026-01-01T00:00Z"), at("2027-01-01T00:00Z"));
  ASSERT_TRUE(o.has_value()) << o.error().message;
  EXPECT_EQ(starts(*o),
            (std::vector<std::string>{
                "2026-03-31T22:00 2026-03-31T22:00Z", "2026-06-30T22:00 2026-06-30T22:00Z",
                "2026-09-29T22:00 2026-09-29T22:00Z", "2026-12-29T22:00 2026-12-29T22:00Z"}));
}

TEST(RecurrenceTest, LastFridayAndMidnightCrossing) {
  auto madrid = Zone::find("Europe/Madrid");
  auto o = expand_window(window("FREQ=MONTHLY;BYDAY=-1FR", 23 * 60, std::chrono::hours(3)), *madrid,
                         at("2026-02-01T00:00Z"), at("2026-04-01T00:00Z"));
  ASSERT_TRUE(o.has_value()) << o.error().message;
  EXPECT_EQ(starts(*o), (std::vector<std::string>{"2026-02-27T23:00 2026-02-27T22:00Z",
                                                  "2026-03-27T23:00 2026-03-27T22:00Z"}));
  EXPECT_EQ(format_local((*o)[0].local_end), "2026-02-28T02:00");
}

TEST(RecurrenceTest, WindowAtTwoThirtyOnSpringForwardDay) {
  auto madrid = Zone::find("Europe/Madrid");
  auto o = expand_window(window("FREQ=DAILY", 2 * 60 + 30, std::chrono::hours(1)), *madrid,
                         at("2026-03-28T00:00Z"), at("2026-03-31T00:00Z"));
  ASSERT_TRUE(o.has_value()) << o.error().message;
  EXPECT_EQ(starts(*o), (std::vector<std::string>{"2026-03-28T02:30 2026-03-28T01:30Z",
                                                  "2026-03-29T03:30 2026-03-29T01:30Z",
                                                  "2026-03-30T02:30 2026-03-30T00:30Z"}));
}

TEST(RecurrenceTest, LeapDayRuleOccursOnlyInLeapYears) {
  auto utc = Zone::find("UTC");
  auto o =
      expand_window(window("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", 10 * 60, std::chrono::hours(1)),
                    *utc, at("2026-01-01T00:00Z"), at("2033-01-01T00:00Z"));
  ASSERT_TRUE(o.has_value()) << o.error().message;
  EXPECT_EQ(starts(*o), (std::vector<std::string>{"2028-02-29T10:00 2028-02-29T10:00Z",
                                                  "2032-02-29T10:00 2032-02-29T10:00Z"}));
}

TEST(RecurrenceTest, BlackoutRemovesOverlappingOccurrences) {
  auto utc = Zone::find("UTC");
  auto o = expand_window(window("FREQ=WEEKLY;BYDAY=MO", 22 * 60, std::chrono::hours(4)), *utc,
                         at("2026-12-01T00:00Z"), at("2027-01-01T00:00Z"));
  ASSERT_TRUE(o.has_value());
  Blackout freeze;
  freeze.name = "year-end";
  freeze.from = "2026-12-20";
  freeze.until = "2026-12-28";
  auto intervals = expand_blackout(freeze, *utc, at("2026-12-01T00:00Z"), at("2027-01-01T00:00Z"));
  ASSERT_TRUE(intervals.has_value());
  auto dropped = remove_blacked_out(*o, *intervals);
  EXPECT_EQ(starts(dropped), (std::vector<std::string>{"2026-12-21T22:00 2026-12-21T22:00Z",
                                                       "2026-12-28T22:00 2026-12-28T22:00Z"}));
  EXPECT_EQ(o->size(), 2u);
}

TEST(RecurrenceTest, InvalidRruleIsRefused) {
  auto status = check_rrule("FREQ=MONTHY");
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().message.rfind("invalid RRULE 'FREQ=MONTHY': ", 0), 0u);
  EXPECT_FALSE(check_rrule("BYDAY=2TU").has_value());
}

}  // namespace
}  // namespace patchplan::plan
