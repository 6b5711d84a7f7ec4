#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "feeds/exploit_tables.hpp"
#include "feeds/feed_catalog.hpp"
#include "feeds/feed_format.hpp"
#include "feeds/feed_import.hpp"
#include "feeds/release_advisories.hpp"
#include "feeds/tests/zip_writer.hpp"
#include "store/tests/store_fixture.hpp"

namespace patchplan::feeds {
namespace {

using store::testing::at;

constexpr const char* kExcerpt = PATCHPLAN_SOURCE_DIR "/src/feeds/tests/data/tracker_excerpt.json";
constexpr const char* kKev = PATCHPLAN_SHARED_DIR "/data/kev/known_exploited_vulnerabilities.json";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class FeedStoreTest : public store::testing::StoreFixture {
 protected:
  std::string write(const char* name, std::string_view content) {
    return dir_.write(name, content).string();
  }
  std::string write_gzip(const char* name, const std::string& content) {
    const std::string path = (dir_.path() / name).string();
    gzFile file = gzopen(path.c_str(), "wb");
    gzwrite(file, content.data(), static_cast<unsigned>(content.size()));
    gzclose(file);
    return path;
  }
  Expected<ImportSummary> import(const std::string& path, std::optional<FeedKind> kind = {}) {
    ImportRequest request;
    request.path = path;
    request.kind = kind;
    return import_feed_file(*store_, request, context_);
  }
  std::int64_t journal_entries() {
    return store_->database().query_int("SELECT COUNT(*) FROM journal").value();
  }

  patchplan::testing::TempDir dir_;
  ImportContext context_{
      store::testing::kTestActor,
      store::testing::stepping_clock(at("2026-12-04T12:00:00.000Z"), std::chrono::seconds(1))};
};

TEST_F(FeedStoreTest, ImportedTrackerLoadsByReleaseAndSource) {
  auto summary = import(kExcerpt);
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  EXPECT_EQ(summary->kind, FeedKind::kDebianTracker);
  EXPECT_EQ(summary->name, "tracker");
  EXPECT_EQ(summary->records, 15u);
  EXPECT_EQ(summary->previous_digest, "");

  auto bookworm = load_release_advisories(store_->database(), "debian", "bookworm");
  ASSERT_TRUE(bookworm.has_value()) << bookworm.error().message;
  EXPECT_EQ(bookworm->size(), 7u);
  EXPECT_EQ(bookworm->sources(),
            (std::vector<std::string_view>{"glibc", "libxml2", "linux", "openssl", "zlib"}));
  const auto openssl = bookworm->of_source("openssl");
  ASSERT_EQ(openssl.size(), 2u);
  EXPECT_EQ(openssl[0].vulnerability(), "CVE-2023-5678");
  EXPECT_EQ(openssl[0].urgency(), "low");
  EXPECT_TRUE(openssl[0].urgency_unconfirmed());
  EXPECT_TRUE(openssl[0].next_point_update());
  EXPECT_EQ(openssl[1].vulnerability(), "CVE-2024-4741");
  EXPECT_EQ(openssl[1].status(), AdvisoryStatus::kFixed);
  EXPECT_EQ(openssl[1].fixed_version(), "3.0.14-1~deb12u1");
  EXPECT_EQ(openssl[1].feed(), FeedKind::kDebianTracker);
  EXPECT_FALSE(openssl[1].cvss_score().has_value());
  EXPECT_TRUE(bookworm->of_source("curl").empty());
  EXPECT_TRUE(bookworm->of_source("aaa").empty());
  EXPECT_TRUE(bookworm->of_source("zzz").empty());

  const SourceAdvisory expanded = bookworm->of_source("linux")[0].expand("linux");
  EXPECT_EQ(expanded.vulnerability, "CVE-2022-0480");
  EXPECT_EQ(expanded.status, AdvisoryStatus::kNotAffected);
  EXPECT_EQ(expanded.release, "bookworm");
  EXPECT_EQ(expanded.scope, "local");

  const auto all = bookworm->expand_all();
  ASSERT_EQ(all.size(), 7u);
  EXPECT_EQ(all.front().source_package, "glibc");
  EXPECT_EQ(all.back().source_package, "zlib");
  EXPECT_EQ(all.back().fixed_version, "1:1.2.13.dfsg-1");

  auto bullseye = load_release_advisories(store_->database(), "debian", "bullseye");
  ASSERT_TRUE(bullseye.has_value());
  const auto postponed = bullseye->of_source("linux");
  ASSERT_EQ(postponed.size(), 1u);
  EXPECT_TRUE(postponed[0].nodsa());
  EXPECT_EQ(postponed[0].nodsa_reason(), "postponed");
  EXPECT_EQ(postponed[0].nodsa_note(), "Minor issue, revisit when fixed upstream");
  auto none = load_release_advisories(store_->database(), "ubuntu", "bookworm");
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->size(), 0u);
}

TEST_F(FeedStoreTest, ReimportReplacesTheFeedAndJournalsBoth) {
  auto first = import(kExcerpt);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  const std::string second_file = write("tracker.json", R"({"curl":{"CVE-2025-9":{"releases":
      {"bookworm":{"status":"open","urgency":"high"}}}}})");
  auto second = import(second_file, FeedKind::kDebianTracker);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(second->previous_digest, first->digest);
  EXPECT_NE(second->digest, first->digest);

  auto bookworm = load_release_advisories(store_->database(), "debian", "bookworm").value();
  EXPECT_EQ(bookworm.sources(), (std::vector<std::string_view>{"curl"}));
  EXPECT_EQ(store_->database().query_int("SELECT COUNT(*) FROM advisories").value(), 1);
  EXPECT_EQ(store_->database().query_int("SELECT COUNT(*) FROM feeds").value(), 1);

  const auto entries = store_->journal().list({}).value();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].change.action, "feeds.import");
  EXPECT_EQ(entries[0].change.after_digest, first->digest);
  EXPECT_EQ(entries[1].change.before_digest, first->digest);
  EXPECT_EQ(entries[1].change.after_digest, second->digest);
  EXPECT_NE(entries[1].change.details.find("\"records\":1"), std::string::npos);
  EXPECT_TRUE(store_->journal().verify().value().intact());
}

TEST_F(FeedStoreTest, TruncatedOrHostileFeedLeavesThePreviousFeedInPlace) {
  ASSERT_TRUE(import(kExcerpt).has_value());
  const auto before = find_feed(store_->database(), FeedKind::kDebianTracker, "tracker").value();
  ASSERT_TRUE(before.has_value());

  const std::string text = slurp(kExcerpt);
  const std::string truncated = write("truncated.json", text.substr(0, text.size() * 2 / 3));
  const std::string deep =
      write("deep.json", R"({"openssl":{"CVE-1":{"x":)" + std::string(200000, '['));
  const std::string typed =
      write("typed.json", R"({"openssl":{"CVE-1":{"releases":{"bookworm":{"status":1}}}}})");
  const std::string binary = write("binary.json", std::string("{\"a\":\"\x80\x81\"}"));
  for (const auto& bad : {truncated, deep, typed, binary}) {
    auto result = import(bad, FeedKind::kDebianTracker);
    ASSERT_FALSE(result.has_value()) << bad;
    EXPECT_NE(result.error().message.find(bad), std::string::npos) << result.error().message;

    const auto after = find_feed(store_->database(), FeedKind::kDebianTracker, "tracker").value();
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(after->id, before->id);
    EXPECT_EQ(after->digest, before->digest);
    EXPECT_EQ(load_release_advisories(store_->database(), "debian", "bookworm")->size(), 7u);
    EXPECT_EQ(store_->database().query_int("SELECT COUNT(*) FROM feeds").value(), 1);
    EXPECT_EQ(journal_entries(), 1);
  }
}

TEST_F(FeedStoreTest, RealKevSnapshotImportsWithItsReleaseDate) {
  auto summary = import(kKev);
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  EXPECT_EQ(summary->kind, FeedKind::kKev);
  EXPECT_EQ(summary->records, 1404u);
  const auto feed = find_feed(store_->database(), FeedKind::kKev, "kev").value();
  ASSERT_TRUE(feed.has_value());
  EXPECT_EQ(feed->feed_version, "2025.08.25");
  EXPECT_EQ(store::format_timestamp(*feed->feed_date), "2025-08-25T17:04:19.979Z");
  EXPECT_EQ(feed->source, std::filesystem::absolute(kKev).string());

  auto kev = load_kev(store_->database());
  ASSERT_TRUE(kev.has_value());
  EXPECT_EQ(kev->size(), 1404u);
  ASSERT_TRUE(kev->contains("CVE-2025-48384"));
  EXPECT_EQ(kev->at("CVE-2025-48384").due_date, "2025-09-15");
}

TEST_F(FeedStoreTest, GzippedEpssImportsAndDuplicateRowsAreRefused) {
  const std::string good =
      write_gzip("epss.csv.gz",
                 "#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z\ncve,epss,percentile\n"
                 "CVE-2021-44228,0.94358,0.99957\nCVE-1999-0001,0.0118,0.78248\n");
  auto summary = import(good);
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  EXPECT_EQ(summary->kind, FeedKind::kEpss);
  auto epss = load_epss(store_->database());
  ASSERT_TRUE(epss.has_value());
  EXPECT_EQ(epss->size(), 2u);
  EXPECT_DOUBLE_EQ(epss->find("CVE-2021-44228")->probability, 0.94358);
  EXPECT_DOUBLE_EQ(epss->find("CVE-1999-0001")->percentile, 0.78248);
  EXPECT_FALSE(epss->find("CVE-2000-0001").has_value());

  const std::string duplicate = write_gzip(
      "dup.csv.gz", "cve,epss,percentile\nCVE-2021-0001,0.1,0.1\nCVE-2021-0001,0.2,0.2\n");
  auto refused = import(duplicate);
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find(duplicate + "':3"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(load_epss(store_->database())->size(), 2u);
}

TEST_F(FeedStoreTest, OsvZipIsItsOwnFeedBesideTheTracker) {
  ASSERT_TRUE(import(kExcerpt).has_value());
  const std::string zip = (dir_.path() / "all.zip").string();
  ASSERT_TRUE(testing::write_zip(
      zip, {{"DSA-5764-1.json", R"({"id": "DSA-5764-1", "modified": "2024-09-03T05:16:13Z",
               "upstream": ["CVE-2024-5535"],
               "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
                 "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"},
                                                             {"fixed": "3.0.14-1~deb12u2"}]}]}]})"},
            {"DSA-1-1.json", R"({"id": "DSA-1-1", "withdrawn": "2024-01-01T00:00:00Z"})"}}));
  auto summary = import(zip);
  ASSERT_TRUE(summary.has_value()) << summary.error().message;
  EXPECT_EQ(summary->kind, FeedKind::kOsv);
  EXPECT_EQ(summary->name, "osv:debian");
  EXPECT_EQ(summary->records, 1u);
  EXPECT_EQ(summary->skipped, 1u);
  EXPECT_EQ(store::format_timestamp(*summary->feed_date), "2024-09-03T05:16:13.000Z");

  auto bookworm = load_release_advisories(store_->database(), "debian", "bookworm").value();
  const auto openssl = bookworm.of_source("openssl");
  ASSERT_EQ(openssl.size(), 3u);  // "osv" sorts before "tracker"
  EXPECT_EQ(openssl[0].feed(), FeedKind::kOsv);
  EXPECT_EQ(openssl[0].aliases(), "CVE-2024-5535");
  EXPECT_EQ(openssl[1].feed(), FeedKind::kDebianTracker);
  EXPECT_EQ(list_feeds(store_->database())->size(), 2u);
}

TEST_F(FeedStoreTest, FormatsAreRecognisedByContent) {
  auto kind_of = [](const std::string& path) -> std::string {
    auto format = detect_feed_format(path);
    return format ? fmt::format("{}{}", static_cast<int>(format->kind), format->zip ? " zip" : "")
                  : format.error().message;
  };
  EXPECT_EQ(kind_of(kExcerpt), fmt::format("{}", static_cast<int>(FeedKind::kDebianTracker)));
  EXPECT_EQ(kind_of(write_gzip("t.json.gz", slurp(kExcerpt))),
            fmt::format("{}", static_cast<int>(FeedKind::kDebianTracker)));
  EXPECT_EQ(kind_of(kKev), fmt::format("{}", static_cast<int>(FeedKind::kKev)));
  EXPECT_EQ(kind_of(write("e.csv", "cve,epss,percentile\n")),
            fmt::format("{}", static_cast<int>(FeedKind::kEpss)));
  EXPECT_EQ(kind_of(write("o.json", R"({"schema_version":"1.6.0","id":"X","modified":"x"})")),
            fmt::format("{}", static_cast<int>(FeedKind::kOsv)));
  EXPECT_EQ(kind_of(write("oa.json", R"([{"id":"X","affected":[]}])")),
            fmt::format("{}", static_cast<int>(FeedKind::kOsv)));
  const std::string zip = (dir_.path() / "e.zip").string();
  ASSERT_TRUE(testing::write_zip(zip, {{"A.json", "{}"}}));
  EXPECT_EQ(kind_of(zip), fmt::format("{} zip", static_cast<int>(FeedKind::kOsv)));

  const std::string unknown = write("u.json", R"({"hello": "world"})");
  EXPECT_EQ(kind_of(unknown),
            fmt::format("cannot recognise the feed format of '{}': not a tracker, OSV, KEV or "
                        "EPSS file (use --kind to name it)",
                        unknown));
  EXPECT_NE(kind_of((dir_.path() / "missing").string()).find("cannot open feed"),
            std::string::npos);
  // --kind forces a format that recognition could not find: an empty tracker.
  const std::string empty = write("empty.json", "{}");
  EXPECT_FALSE(import(empty).has_value());
  auto forced = import(empty, FeedKind::kDebianTracker);
  ASSERT_TRUE(forced.has_value()) << forced.error().message;
  EXPECT_EQ(forced->records, 0u);
}

TEST_F(FeedStoreTest, AgesCountFromTheFeedDateOrTheLastConfirmation) {
  const store::Timestamp now = at("2025-09-05T17:04:19.979Z");
  auto empty = feed_ages(store_->database(), now).value();
  ASSERT_EQ(empty.size(), 3u);
  for (const auto& age : empty) EXPECT_EQ(age.state, FeedState::kMissing);

  ASSERT_TRUE(import(kKev).has_value());  // released 2025-08-25T17:04:19.979Z
  auto ages = feed_ages(store_->database(), now).value();
  ASSERT_EQ(ages.size(), 3u);  // tracker and epss still missing
  const auto kev = std::find_if(ages.begin(), ages.end(),
                                [](const FeedAge& a) { return a.kind == FeedKind::kKev; });
  ASSERT_NE(kev, ages.end());
  EXPECT_EQ(kev->age, std::chrono::hours(24 * 11));
  EXPECT_EQ(kev->limit, std::chrono::hours(24 * 7));
  EXPECT_EQ(kev->state, FeedState::kStale);

  FeedLimits generous;
  generous.max_age[FeedKind::kKev] = std::chrono::hours(24 * 30);
  auto lenient = feed_ages(store_->database(), now, generous).value();
  EXPECT_EQ(std::find_if(lenient.begin(), lenient.end(),
                         [](const FeedAge& a) { return a.kind == FeedKind::kKev; })
                ->state,
            FeedState::kFresh);

  // A download that confirmed the catalog a day ago makes it a day old.
  ASSERT_TRUE(mark_feed_checked(store_->database(), kev->info->id, now - std::chrono::hours(24)));
  auto confirmed = find_feed(store_->database(), FeedKind::kKev, "kev").value();
  EXPECT_EQ(confirmed->as_of(), now - std::chrono::hours(24));
  auto after = feed_ages(store_->database(), now).value();
  const auto kev_after = std::find_if(after.begin(), after.end(),
                                      [](const FeedAge& a) { return a.kind == FeedKind::kKev; });
  EXPECT_EQ(kev_after->state, FeedState::kFresh);
  EXPECT_EQ(kev_after->age, std::chrono::hours(24));
}

}  // namespace
}  // namespace patchplan::feeds
