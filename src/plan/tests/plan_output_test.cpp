// Tests of the plan outputs (JSON, text, calendar parsed back with libical, diff) and of
// reading the planner's input back from an assessment snapshot.
#include "plan/plan_output.hpp"

#include <gtest/gtest.h>
#include <libical/ical.h>

#include "plan/plan_json.hpp"
#include "plan/planner.hpp"
#include "plan/policy_loader.hpp"
#include "plan/snapshot_findings.hpp"

namespace patchplan::plan {
namespace {

Instant at(std::string_view text) { return *parse_instant(text); }

constexpr const char* kPolicy = R"(windows:
  weekly:
    rrule: FREQ=WEEKLY;BYDAY=TH
    start: "21:00"
    duration: 2h
classes:
  standard:
    windows: [weekly]
rings:
  - {name: canary, names: ["web-*"], soak: 1d}
  - {name: broad}
)";

class PlanOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto parsed = parse_policy(kPolicy, "p.yaml");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    policy_ = std::move(*parsed);
    auto parsed_hosts = parse_hosts(
        "hosts:\n  - {name: web-1, timezone: Europe/Madrid}\n"
        "  - {name: db-1, timezone: America/New_York}\n",
        "h.yaml");
    ASSERT_TRUE(parsed_hosts.has_value());
    hosts_ = std::move(*parsed_hosts);
  }

  PlanInput input(std::string candidate) const {
    PlanInput in;
    in.policy = &policy_;
    in.hosts = &hosts_;
    in.now = at("2026-02-02T00:00Z");
    for (const char* host : {"web-1", "db-1"}) {
      HostFindings f;
      f.host = host;
      f.assessed_at = in.now;
      PendingPackage p;
      p.package = "openssl";
      p.architecture = "amd64";
      p.installed_version = "3.0.14-1";
      p.candidate_version = candidate;
      p.tier = Tier::kImportant;
      p.first_seen = in.now;
      f.updates.push_back(p);
      in.findings.push_back(std::move(f));
    }
    return in;
  }

  Policy policy_;
  HostsFile hosts_;
};

TEST_F(PlanOutputTest, CalendarParsesBackWithOneEventPerWave) {
  auto plan = make_plan(input("3.0.15-1"));
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  ASSERT_EQ(plan->waves.size(), 2u);
  auto ics = plan_calendar(*plan, "7");
  ASSERT_TRUE(ics.has_value()) << ics.error().message;

  icalcomponent* calendar = icalparser_parse_string(ics->c_str());
  ASSERT_NE(calendar, nullptr);
  EXPECT_EQ(icalcomponent_isa(calendar), ICAL_VCALENDAR_COMPONENT);
  std::vector<std::string> starts;
  std::vector<std::string> uids;
  std::string description;
  for (icalcomponent* event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
       event != nullptr;
       event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
    starts.push_back(icaltime_as_ical_string(icalcomponent_get_dtstart(event)));
    uids.push_back(icalcomponent_get_uid(event));
    description += icalcomponent_get_description(event);
  }
  icalcomponent_free(calendar);
  // web-1 (canary, Madrid) on Thursday 5 February 21:00 CET; db-1 (broad, New York) only
  // after the canary's window end + 1 day soak: Thursday 12 February 21:00 EST.
  EXPECT_EQ(starts, (std::vector<std::string>{"20260205T200000Z", "20260213T020000Z"}));
  EXPECT_EQ(uids, (std::vector<std::string>{"patchplan-plan-7-wave-1", "patchplan-plan-7-wave-2"}));
  EXPECT_NE(description.find("web-1 at 2026-02-05T"), std::string::npos) << description;
  EXPECT_NE(description.find("openssl 3.0.15-1"), std::string::npos);
}

TEST_F(PlanOutputTest, TextShowsWavesHostsAndVersions) {
  auto plan = make_plan(input("3.0.15-1"));
  ASSERT_TRUE(plan.has_value());
  std::string text = plan_text(*plan);
  EXPECT_NE(text.find("wave 1: ring canary, window weekly (regular), Europe/Madrid "
                      "2026-02-05T21:00 .. 2026-02-05T23:00 (2026-02-05T20:00Z .. "
                      "2026-02-05T22:00Z)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    openssl 3.0.14-1 -> 3.0.15-1  important due 2026-02-16T00:00Z met"),
            std::string::npos)
      << text;
}

TEST_F(PlanOutputTest, DiffNamesChangedVersionsAndIsEmptyForTheSamePlan) {
  auto a = make_plan(input("3.0.15-1"));
  auto b = make_plan(input("3.0.16-1"));
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(plan_diff(*a, *a), "");
  std::string diff = plan_diff(*a, *b);
  EXPECT_NE(diff.find("~ web-1 openssl:amd64 3.0.15-1 (canary window weekly at "),
            std::string::npos)
      << diff;
  EXPECT_NE(diff.find("-> 3.0.16-1 (canary window weekly at "), std::string::npos) << diff;
}

TEST(SnapshotFindingsTest, ReadsPendingUpdatesAndFindingsOfTheDocument) {
  store::AssessmentSnapshot snapshot;
  snapshot.id = 3;
  snapshot.host = "web-1";
  snapshot.taken_at = *store::parse_timestamp("2026-02-02T10:00:00.000Z");
  snapshot.document = R"({"schema_version": 1, "pending_updates": [
      {"package": "openssl", "architecture": "amd64", "installed_version": "3.0.14-1",
       "candidate_version": "3.0.15-1", "source": "openssl", "security": true, "held": false,
       "priority": "important", "priority_reason": "security update",
       "pending_since": "2026-01-30T08:00:00.000Z"},
      {"package": "vim", "architecture": "amd64", "installed_version": "9.0-1",
       "candidate_version": "9.0-2", "held": true, "priority": "minor",
       "pending_since": "2026-02-02T10:00:00.000Z"}],
    "vulnerabilities": {"findings": [
      {"vulnerability": "CVE-2026-0001", "package": "openssl", "kind": "fixed-by-update",
       "urgency": "high", "kev": {"listed": true}, "epss": {"probability": 0.5, "percentile": 0.9},
       "cvss": {"score": 9.8}, "exposure": {"kind": "package"},
       "fix": {"version": "3.0.15-1"}}]}})";
  auto findings = host_findings_from_snapshot(snapshot);
  ASSERT_TRUE(findings.has_value()) << findings.error().message;
  ASSERT_EQ(findings->updates.size(), 2u);
  EXPECT_EQ(findings->updates[0].tier, Tier::kImportant);
  EXPECT_EQ(format_instant(findings->updates[0].first_seen), "2026-01-30T08:00Z");
  EXPECT_TRUE(findings->updates[1].held_on_host);
  ASSERT_EQ(findings->findings.size(), 1u);
  const FindingFacts& f = findings->findings[0];
  EXPECT_TRUE(f.kev);
  EXPECT_EQ(f.epss, 0.5);
  EXPECT_EQ(f.cvss, 9.8);
  EXPECT_EQ(format_instant(f.discovered), "2026-01-30T08:00Z");
  EXPECT_EQ(rank_finding(f, default_policy().tier_rules).tier, Tier::kCritical);

  snapshot.document = "[1]";
  auto bad = host_findings_from_snapshot(snapshot);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "assessment 3 of host 'web-1': document is not JSON");
}

TEST(SnapshotFindingsTest, BrokenDocumentsAreErrorsNamingTheSnapshotAndMistypedMembersDefaults) {
  store::AssessmentSnapshot snapshot;
  snapshot.id = 7;
  snapshot.host = "db-1";
  snapshot.taken_at = *store::parse_timestamp("2026-02-02T10:00:00.000Z");
  for (const auto& [document, message] : std::vector<std::pair<std::string, std::string>>{
           {R"({"pending_updates": [{"package": "openssl", "candidate_version": "3.0)",
            "document is not JSON"},
           {R"({"pending_updates": {"package": "openssl"}})", "\"pending_updates\" is not a list"},
           {R"({"pending_updates": [1]})", "a pending update is not an object"},
           {"", "document is not JSON"},
           {"\xff\xfe{", "document is not JSON"}}) {
    snapshot.document = document;
    auto bad = host_findings_from_snapshot(snapshot);
    ASSERT_FALSE(bad.has_value()) << document;
    EXPECT_TRUE(bad.error().message.starts_with("assessment 7 of host 'db-1': " + message))
        << bad.error().message;
  }
  // Mistyped members take their defaults; the rest of the row is read.
  snapshot.document = R"({"pending_updates": [
      {"package": "vim", "installed_version": "9.0-1", "candidate_version": "9.0-2",
       "security": "yes", "held": 1, "priority": 3, "pending_since": "yesterday"}],
    "vulnerabilities": {"findings": [
      {"vulnerability": "CVE-1", "package": "vim", "kev": true, "epss": {"probability": "0.5"},
       "cvss": {"score": 7}}, 42]}})";
  auto read = host_findings_from_snapshot(snapshot);
  ASSERT_TRUE(read.has_value()) << read.error().message;
  ASSERT_EQ(read->updates.size(), 1u);
  EXPECT_FALSE(read->updates[0].security);
  EXPECT_FALSE(read->updates[0].held_on_host);
  EXPECT_EQ(read->updates[0].tier, Tier::kMinor);
  EXPECT_EQ(format_instant(read->updates[0].first_seen), "2026-02-02T10:00Z");
  ASSERT_EQ(read->findings.size(), 1u);
  EXPECT_FALSE(read->findings[0].kev);
  EXPECT_FALSE(read->findings[0].epss.has_value());
  EXPECT_EQ(read->findings[0].cvss, 7.0);
}

}  // namespace
}  // namespace patchplan::plan
