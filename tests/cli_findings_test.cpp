// End-to-end tests of the vulnerability findings of `patchplan assess`: feeds imported
// into the test's database, then assess in both output forms, --explain and
// --max-feed-age, on the real host root builder-cpp.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "store/store.hpp"
#include "tests/cli_fixture.hpp"

namespace patchplan::testing {
namespace {

namespace fs = std::filesystem;

const std::string kKev =
    (fs::path(PATCHPLAN_SHARED_DIR) / "data/kev/known_exploited_vulnerabilities.json").string();

// A tracker document in the real format: systemd's update fixes a KEV-listed CVE (low
// urgency: the KEV row ranks it critical), apt's fixes a low-urgency one (minor), and
// libxml2 has an open one.
constexpr std::string_view kTracker = R"({
  "systemd": {"CVE-2021-44228": {"releases": {"bookworm": {"status": "resolved",
    "repositories": {"bookworm": "252.39-1~deb12u2"}, "fixed_version": "252.39-1~deb12u2",
    "urgency": "low"}}}},
  "apt": {"CVE-2099-0001": {"releases": {"bookworm": {"status": "resolved",
    "repositories": {"bookworm": "2.6.2"}, "fixed_version": "2.6.2", "urgency": "low"}}}},
  "libxml2": {"CVE-2099-0002": {"releases": {"bookworm": {"status": "open",
    "repositories": {"bookworm": "2.9.14+dfsg-1.3~deb12u1"}, "urgency": "medium"}}}}
})";

class CliFindingsTest : public CliTest {
 protected:
  // Writes the tracker file, dated `age` ago (its modification time is the tracker's date).
  std::string tracker_file(std::chrono::hours age = std::chrono::hours(1)) const {
    fs::path file = scratch().path() / "tracker.json";
    std::ofstream(file) << kTracker;
    fs::last_write_time(file, fs::file_time_type::clock::now() - age);
    return file.string();
  }

  std::string epss_file() const {
    fs::path file = scratch().path() / "epss.csv";
    std::ofstream(file) << "#model_version:v2025.03.14,score_date:2099-01-01T00:00:00Z\n"
                           "cve,epss,percentile\nCVE-2021-44228,0.97,0.9999\n";
    return file.string();
  }

  void import(const std::vector<std::string>& files) const {
    std::vector<std::string> args = {"--db", db(), "feeds", "import"};
    args.insert(args.end(), files.begin(), files.end());
    auto result = patchplan(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }

  ProcessResult assess(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"--db", db(), "--root",
                                     (shared_hosts() / "builder-cpp").string(), "assess"};
    args.insert(args.end(), extra.begin(), extra.end());
    return patchplan(args);
  }

  static const nlohmann::json* finding(const nlohmann::json& doc, std::string_view id,
                                       std::string_view package) {
    for (const auto& f : doc["vulnerabilities"]["findings"]) {
      if (f["vulnerability"] == id && f["package"] == package) return &f;
    }
    return nullptr;
  }
};

TEST_F(CliFindingsTest, WithoutFeedsTheReportSaysNothingWasAssessed) {
  auto text = assess();
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("no tracker feed imported: vulnerabilities not assessed; run "
                          "`patchplan feeds update` or `feeds import`"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("vulnerabilities not assessed"), std::string::npos);
  EXPECT_EQ(text.out.find("0 vulnerabilit"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("0 updates fix"), std::string::npos) << text.out;

  auto json = assess({"--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["schema_version"], 1);
  const auto& v = doc["vulnerabilities"];
  EXPECT_FALSE(v["assessed"].get<bool>());
  EXPECT_FALSE(v["complete"].get<bool>());
  EXPECT_TRUE(v["findings"].empty());
  ASSERT_FALSE(v["warnings"].empty());
  EXPECT_NE(v["warnings"][0].get<std::string>().find("no tracker feed imported"),
            std::string::npos);
  for (const auto& feed : v["feeds"]) EXPECT_EQ(feed["state"], "missing") << feed.dump();
}

TEST_F(CliFindingsTest, FindingsCarryEveryFactAndRaiseTheUpdatesTier) {
  import({tracker_file(), kKev, epss_file()});
  auto json = assess({"--json", "--max-feed-age", "kev=3650"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto doc = nlohmann::json::parse(json.out);
  const auto& v = doc["vulnerabilities"];
  EXPECT_TRUE(v["assessed"].get<bool>());
  EXPECT_TRUE(v["complete"].get<bool>());

  const nlohmann::json* sed = finding(doc, "CVE-2021-44228", "systemd");
  ASSERT_NE(sed, nullptr) << v["findings"].dump(1);
  EXPECT_EQ((*sed)["kind"], "fixed-by-update");
  EXPECT_EQ((*sed)["fix"]["available"], true);
  EXPECT_EQ((*sed)["fix"]["version"], "252.39-1~deb12u2");
  EXPECT_EQ((*sed)["fix"]["by_update"], "252.39-1~deb12u2");
  EXPECT_EQ((*sed)["urgency"], "low");
  EXPECT_TRUE((*sed)["kev"]["listed"].get<bool>());
  EXPECT_EQ((*sed)["kev"]["due_date"], "2021-12-24");
  EXPECT_DOUBLE_EQ((*sed)["epss"]["probability"].get<double>(), 0.97);
  EXPECT_DOUBLE_EQ((*sed)["epss"]["percentile"].get<double>(), 0.9999);
  EXPECT_TRUE((*sed)["cvss"].is_null());  // the tracker gives none
  EXPECT_EQ((*sed)["exposure"]["kind"], "package");
  EXPECT_FALSE((*sed)["exposure"]["reason"].get<std::string>().empty());
  EXPECT_EQ((*sed)["tier"], "critical");
  EXPECT_EQ((*sed)["rule"], "kev");
  EXPECT_EQ((*sed)["source"], "systemd");
  EXPECT_EQ((*sed)["feed"], "tracker");
  EXPECT_TRUE((*sed)["stale_feeds"].empty());

  const nlohmann::json* open = finding(doc, "CVE-2099-0002", "libxml2");
  ASSERT_NE(open, nullptr);
  EXPECT_EQ((*open)["kind"], "no-fix-yet");
  EXPECT_EQ((*open)["fix"]["available"], false);
  EXPECT_FALSE((*open)["kev"]["listed"].get<bool>());
  EXPECT_TRUE((*open)["epss"].is_null());
  EXPECT_EQ(v["summary"]["unfixed"], 3);  // libxml2, libxml2-dev, libxml2-utils

  std::map<std::string, std::string> tier;
  for (const auto& update : doc["pending_updates"]) {
    tier[update["package"].get<std::string>()] = update["priority"].get<std::string>();
    if (update["package"] == "systemd") {
      EXPECT_NE(update["priority_reason"].get<std::string>().find("fixes 1 vulnerability"),
                std::string::npos);
    }
  }
  EXPECT_EQ(tier["systemd"], "critical");           // was minor: not from bookworm-security
  EXPECT_EQ(tier["apt"], "minor");                  // was important: its only fix is low urgency
  EXPECT_EQ(tier["ca-certificates"], "important");  // no findings: the built-in rule
  EXPECT_EQ(doc["pending_updates"][0]["priority"], "critical");

  bool tracker_provenance = false;
  for (const auto& feed : v["feeds"]) {
    if (feed["kind"] != "tracker") continue;
    tracker_provenance = true;
    EXPECT_EQ(feed["source"], tracker_file());
    EXPECT_EQ(feed["state"], "fresh");
    EXPECT_FALSE(feed["stale"].get<bool>());
    EXPECT_EQ(feed["limit_seconds"], 2 * 24 * 3600);
    EXPECT_GE(feed["age_seconds"].get<int>(), 3500);
    EXPECT_TRUE(feed["feed_date"].is_string());
  }
  EXPECT_TRUE(tracker_provenance);

  auto text = assess();
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("KEV: CVE-2021-44228 due 2021-12-24"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("unfixed: open, no fix yet (1 vulnerability)"), std::string::npos);
  EXPECT_NE(text.out.find("CVE-2099-0002"), std::string::npos);
}

// Runtime use is read on the local host and reported as not determined on an offline root.
TEST_F(CliFindingsTest, RuntimeUseIsReadHereAndNotDeterminedOnAnOfflineRoot) {
  auto offline = assess({"--json"});
  ASSERT_EQ(offline.exit_code, 0) << offline.err;
  const auto offline_use = nlohmann::json::parse(offline.out)["vulnerabilities"]["runtime_use"];
  EXPECT_FALSE(offline_use["determined"].get<bool>()) << offline_use.dump();
  EXPECT_NE(offline_use["reason"].get<std::string>().find("offline root"), std::string::npos);

  auto here = patchplan({"--db", db(), "assess", "--json"});
  ASSERT_EQ(here.exit_code, 0) << here.err;
  const auto here_use = nlohmann::json::parse(here.out)["vulnerabilities"]["runtime_use"];
  EXPECT_TRUE(here_use["determined"].get<bool>()) << here_use.dump();
  EXPECT_GT(here_use["processes_scanned"].get<int>(), 0) << here_use.dump();
}

TEST_F(CliFindingsTest, StoredSnapshotKeepsTheFindings) {
  import({tracker_file(), kKev});
  auto json = assess({"--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto printed = nlohmann::json::parse(json.out);
  auto store = store::Store::open(db());
  ASSERT_TRUE(store) << store.error().message;
  auto latest = store->assessments().latest_assessment("builder-cpp");
  ASSERT_TRUE(latest && *latest);
  auto stored = nlohmann::json::parse((*latest)->document);
  EXPECT_EQ(stored["vulnerabilities"]["findings"], printed["vulnerabilities"]["findings"]);
  EXPECT_NE(finding(stored, "CVE-2021-44228", "systemd"), nullptr);
}

TEST_F(CliFindingsTest, StaleFeedIsNamedWithItsAgeOnEveryGroup) {
  import({tracker_file(std::chrono::hours(24 * 10)), kKev});
  auto text = assess();
  ASSERT_EQ(text.exit_code, 0) << text.err;
  std::size_t sed = text.out.find("  systemd:amd64 ", text.out.find("vulnerabilities (feeds:"));
  ASSERT_NE(sed, std::string::npos) << text.out;
  std::string line = text.out.substr(sed, text.out.find('\n', sed) - sed);
  EXPECT_NE(line.find("[stale: feed 'tracker' is 10 days old (limit 2 days)"), std::string::npos)
      << line;
  EXPECT_NE(line.find("feed 'kev' is"), std::string::npos) << line;  // the 2025 snapshot
  std::size_t open = text.out.find("CVE-2099-0002");
  ASSERT_NE(open, std::string::npos);
  EXPECT_NE(text.out.substr(open, text.out.find('\n', open) - open).find("[stale:"),
            std::string::npos);
  EXPECT_NE(text.out.find("no epss feed imported"), std::string::npos);

  // A longer limit makes the tracker fresh again.
  auto json = assess({"--json", "--max-feed-age", "tracker=30", "--max-feed-age", "kev=1000d"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto doc = nlohmann::json::parse(json.out);
  const nlohmann::json* f = finding(doc, "CVE-2021-44228", "systemd");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE((*f)["stale_feeds"].empty()) << f->dump();
}

TEST_F(CliFindingsTest, ExplainPrintsWhyEachFindingGotItsTier) {
  import({tracker_file(), kKev});
  auto result = assess({"--explain", "CVE-2021-44228"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("CVE-2021-44228 in systemd:amd64 252.38-1~deb12u1"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("tier critical: known exploited (CISA KEV) (rule kev)"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("note: no epss feed imported"), std::string::npos);

  auto none = assess({"--explain", "CVE-2000-0001"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no finding of 'CVE-2000-0001' on host 'builder-cpp'"), std::string::npos)
      << none.err;
}

TEST_F(CliFindingsTest, ExplainAsJsonCarriesEveryPartOfTheReasoning) {
  import({tracker_file(), kKev});
  auto result = assess({"--json", "--explain", "CVE-2021-44228"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto doc = nlohmann::json::parse(result.out);
  EXPECT_EQ(doc["kind"], "explanation");
  EXPECT_EQ(doc["host"], "builder-cpp");
  EXPECT_EQ(doc["id"], "CVE-2021-44228");
  ASSERT_FALSE(doc["explanations"].empty()) << doc.dump();
  const nlohmann::json* systemd = nullptr;
  for (const auto& explanation : doc["explanations"]) {
    EXPECT_EQ(explanation["vulnerability"], "CVE-2021-44228");
    if (explanation["package"] == "systemd:amd64") systemd = &explanation;
  }
  ASSERT_NE(systemd, nullptr) << doc.dump();
  EXPECT_EQ((*systemd)["installed_version"], "252.38-1~deb12u1");
  EXPECT_EQ((*systemd)["tier"], "critical");
  EXPECT_EQ((*systemd)["rule"], "kev");
  EXPECT_EQ((*systemd)["because"], "known exploited (CISA KEV)");
  EXPECT_EQ((*systemd)["feed"], "tracker");
  EXPECT_NE((*systemd)["facts"].get<std::string>().find("in CISA KEV since"), std::string::npos);
  bool epss_note = false;
  for (const auto& note : doc["notes"]) {
    epss_note |= note.get<std::string>().rfind("no epss feed imported", 0) == 0;
  }
  EXPECT_TRUE(epss_note) << doc["notes"].dump();
}

TEST_F(CliFindingsTest, ExplainWithoutFeedsSaysNothingWasAssessed) {
  auto none = assess({"--explain", "CVE-2021-44228"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no advisory feed is imported"), std::string::npos) << none.err;
}

TEST_F(CliFindingsTest, BadFeedAgeIsAUsageError) {
  for (const char* bad : {"tracker", "nonsense=2d", "kev=", "kev=soon", "kev=-3"}) {
    auto result = assess({"--max-feed-age", bad});
    EXPECT_EQ(result.exit_code, 2) << bad << ": " << result.err;
    EXPECT_NE(result.err.find("--max-feed-age"), std::string::npos) << result.err;
  }
}

}  // namespace
}  // namespace patchplan::testing
