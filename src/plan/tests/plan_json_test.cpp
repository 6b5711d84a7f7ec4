// Tests of the plan document: its text is dump()'s of the same document (name order,
// layout, escaping), it reads back into the same Plan, and bad documents are named.
#include "plan/plan_json.hpp"

#include <gtest/gtest.h>

namespace patchplan::plan {
namespace {

using nlohmann::json;

Instant at(std::string_view text) { return *parse_instant(text); }
LocalTime local(std::string_view text) { return *parse_local(text); }

// One of everything the document holds, strings needing escapes included.
Plan full_plan() {
  Plan plan;
  plan.now = at("2026-12-04T12:00Z");
  plan.from = at("2026-12-04T12:00Z");
  plan.until = at("2027-02-04T12:00Z");
  plan.policy = "/etc/patchplan/policy \"prod\".yaml";
  Wave wave;
  wave.number = 1;
  wave.ring = "canary";
  wave.ring_order = 0;
  wave.window = "monthly";
  wave.kind = WindowKind::kMonthly;
  wave.zone = "Europe/Madrid";
  wave.local_start = local("2026-12-08T22:00");
  wave.local_end = local("2026-12-09T02:00");
  wave.start = at("2026-12-08T21:00Z");
  wave.end = at("2026-12-09T01:00Z");
  WaveHost host{"web-1", at("2026-12-08T21:35Z"), local("2026-12-08T22:35"), "reboot allowed", true,
                {}};
  PlannedUpdate update;
  update.package = "openssl";
  update.architecture = "amd64";
  update.installed_version = "3.0.14-1";
  update.candidate_version = "3.0.15-1~deb12u1";
  update.tier = Tier::kCritical;
  update.tier_reason = "KEV: known exploited\tin the wild";
  update.first_seen = at("2026-12-01T08:00Z");
  update.due = at("2026-12-02T08:00Z");
  update.state = DueState::kBreached;
  update.needs_approval = true;
  update.needs_reboot = true;
  update.note = "no emergency window: the earliest window is used";
  update.findings.push_back({"CVE-2026-0001", Tier::kCritical, "kev", at("2026-12-01T08:00Z"),
                             at("2026-12-02T08:00Z"), DueState::kBreached});
  host.updates.push_back(update);
  wave.hosts.push_back(host);
  plan.waves.push_back(wave);
  plan.emergencies.push_back({"web-1", "openssl", "3.0.15-1~deb12u1", "CVE-2026-0001",
                              Tier::kCritical, at("2026-12-02T08:00Z"), at("2026-12-08T21:35Z"),
                              "due before the next window"});
  plan.emergencies.push_back({"db-1", "libc6", "2.36-9+deb12u9", "", Tier::kImportant,
                              at("2026-12-10T00:00Z"), std::nullopt, "no window at all"});
  plan.near_breaches.push_back(
      {"web-2", "curl", "CVE-2026-0002", at("2026-12-10T00:00Z"), at("2026-12-09T00:00Z")});
  plan.missed_windows.push_back({"web-1", "monthly", at("2026-11-10T21:00Z"), std::nullopt});
  plan.hosts_without_window.push_back({"db-1", "class 'lab' has no window"});
  plan.excluded.push_back({"web-1", "linux-image-amd64", "6.1.119-1", "excluded by 'linux-*'"});
  plan.held.push_back({"web-1", "postgresql-15", "15.10-0+deb12u1", "held by 'postgresql-*'"});
  plan.unscheduled.push_back({"db-1", "libc6", "2.36-9+deb12u9", "no window"});
  plan.unclassified = {"stray", "caf\xc3\xa9"};
  plan.not_assessed = {"ghost"};
  plan.blacked_out.push_back({"monthly", "UTC", at("2026-12-22T22:00Z")});
  return plan;
}

TEST(PlanJsonTest, TextIsWhatDumpWritesForTheSameDocument) {
  const Plan plan = full_plan();
  for (int indent : {-1, 2}) {
    const std::string text = plan_json(plan, indent);
    const json document = json::parse(text);
    EXPECT_EQ(document.dump(indent), text);
    EXPECT_EQ(document["kind"], "plan");
    EXPECT_EQ(document["schema_version"], kPlanSchemaVersion);
    EXPECT_TRUE(document["emergencies"][1]["scheduled"].is_null());
    EXPECT_EQ(document["waves"][0]["hosts"][0]["updates"][0]["findings"][0]["because"], "kev");
  }
  EXPECT_EQ(plan_json(Plan{}).find("\"waves\":[]}"), plan_json(Plan{}).size() - 11);
}

TEST(PlanJsonTest, StoredRecordAddsIdPeriodVersionAndApprovals) {
  store::StoredPlan stored;
  stored.id = 7;
  stored.period = "2026-12";
  stored.version = 3;
  stored.approvals.push_back({12, "2026-12-05T09:00:00.000Z", "alice"});
  const std::string text = plan_json(full_plan(), 2, &stored);
  const json document = json::parse(text);
  EXPECT_EQ(document.dump(2), text);
  EXPECT_EQ(document["id"], 7);
  EXPECT_EQ(document["period"], "2026-12");
  EXPECT_EQ(document["version"], 3);
  EXPECT_EQ(document["approvals"][0]["approved_by"], "alice");
  EXPECT_EQ(document["approvals"][0]["journal_id"], 12);
}

TEST(PlanJsonTest, DocumentReadsBackIntoTheSamePlan) {
  const std::string text = plan_json(full_plan());
  auto read = plan_from_json(json::parse(text));
  ASSERT_TRUE(read.has_value()) << read.error().message;
  EXPECT_EQ(plan_json(*read), text);
  EXPECT_EQ(read->waves[0].hosts[0].updates[0].findings[0].state, DueState::kBreached);
  EXPECT_FALSE(read->emergencies[1].scheduled.has_value());
  EXPECT_EQ(read->waves[0].kind, WindowKind::kMonthly);
}

TEST(PlanJsonTest, StreamedTextIsTheSameInMegabyteChunks) {
  Plan plan = full_plan();
  const WaveHost host = plan.waves[0].hosts[0];
  plan.waves[0].hosts.assign(6000, host);  // about 6 MB indented
  store::StoredPlan stored;
  stored.id = 1;
  std::string streamed;
  int chunks = 0;
  write_plan_json(plan, 2, &stored, [&](std::string_view text) {
    streamed += text;
    ++chunks;
  });
  EXPECT_EQ(streamed, plan_json(plan, 2, &stored));
  EXPECT_GE(chunks, 4);
  // The compact text is written into a buffer reserved near its size, not grown by doubling.
  const std::string compact = plan_json(plan);
  EXPECT_LE(compact.capacity(), compact.size() + compact.size() / 4);
}

TEST(PlanJsonTest, BadDocumentsNameTheMember) {
  json document = json::parse(plan_json(full_plan()));
  auto error_of = [](const json& d) {
    auto read = plan_from_json(d);
    return read ? std::string("no error") : read.error().message;
  };
  json no_slot = document;
  no_slot["waves"][0]["hosts"][0].erase("slot");
  EXPECT_EQ(error_of(no_slot),
            "plan document: 'waves[0].hosts[0].slot' is missing or not of type string");
  json bad_tier = document;
  bad_tier["waves"][0]["hosts"][0]["updates"][0]["findings"][0]["tier"] = "urgent";
  EXPECT_EQ(error_of(bad_tier),
            "plan document: 'waves[0].hosts[0].updates[0].findings[0].tier': unknown value "
            "'urgent'");
  json bad_time = document;
  bad_time["near_breaches"][0]["due"] = "soon";
  EXPECT_EQ(error_of(bad_time),
            "plan document: 'near_breaches[0].due': 'soon' is not a UTC time YYYY-MM-DDTHH:MMZ");
  json bad_number = document;
  bad_number["waves"][0]["number"] = "1";
  EXPECT_EQ(error_of(bad_number),
            "plan document: 'waves[0].number' is missing or not of type integer");
  json other_kind = document;
  other_kind["kind"] = "assessment";
  EXPECT_EQ(error_of(other_kind), "plan document: not a plan of schema version 1");
  EXPECT_EQ(error_of(json::array()), "plan document: not a JSON object");
  json bad_name = document;
  bad_name["unclassified"][0] = 5;
  EXPECT_EQ(error_of(bad_name), "plan document: 'unclassified[0]' is not a string");
  json bad_wave = document;
  bad_wave["waves"][0] = "wave";
  EXPECT_EQ(error_of(bad_wave), "plan document: 'waves[0]' is not an object");
}

}  // namespace
}  // namespace patchplan::plan
