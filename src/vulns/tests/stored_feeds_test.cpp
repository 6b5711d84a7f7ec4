// The matcher fed from the store: the feeds module imports the tracker excerpt and the
// real KEV snapshot into a temporary store, loads them back, and the adapters turn them
// into the matcher's indexes with their provenance.
#include "vulns/stored_feeds.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/tests/test_files.hpp"
#include "feeds/feed_import.hpp"
#include "store/store.hpp"
#include "vulns/tests/host_fixture.hpp"
#include "vulns/vulnerability_matcher.hpp"

namespace patchplan::vulns {
namespace {

namespace fs = std::filesystem;

TEST(StoredFeedsTest, TrackerAndKevFromTheStoreFeedTheMatcher) {
  patchplan::testing::TempDir dir;
  auto store = store::Store::open((dir.path() / "p.db").string());
  ASSERT_TRUE(store) << store.error().message;
  feeds::ImportContext context{store::current_actor("vulns-test"), store::system_now};
  for (const fs::path& file :
       {fs::path(PATCHPLAN_SOURCE_DIR) / "src/feeds/tests/data/tracker_excerpt.json",
        fs::path(PATCHPLAN_SHARED_DIR) / "data/kev/known_exploited_vulnerabilities.json"}) {
    feeds::ImportRequest request;
    request.path = file.string();
    auto imported = feeds::import_feed_file(*store, request, context);
    ASSERT_TRUE(imported) << imported.error().message;
  }
  auto now = store::system_now();
  auto ages = feeds::feed_ages(store->database(), now);
  ASSERT_TRUE(ages) << ages.error().message;
  std::vector<FeedInfo> infos = feed_infos(*ages);
  std::map<std::string, bool> present;
  for (const FeedInfo& info : infos) present[info.name] = info.present;
  EXPECT_EQ(present,
            (std::map<std::string, bool>{{"epss", false}, {"kev", true}, {"tracker", true}}));

  auto release = feeds::load_release_advisories(store->database(), "debian", "bookworm");
  ASSERT_TRUE(release) << release.error().message;
  AdvisoryIndex index = advisory_index(*release, infos);
  EXPECT_EQ(index.size(), release->size());
  ASSERT_NE(index.feed(feeds::FeedKind::kDebianTracker), nullptr);
  EXPECT_TRUE(index.feed(feeds::FeedKind::kDebianTracker)->present);

  auto catalog = feeds::load_kev(store->database());
  ASSERT_TRUE(catalog) << catalog.error().message;
  KevIndex kev = kev_index(std::move(*catalog), infos);
  EXPECT_EQ(kev.size(), 1404u);
  EXPECT_TRUE(kev.feed().present);
  EpssIndex epss;

  // Every source of the excerpt, installed at a version older than anything: each
  // advisory that is not "not affected" gives a finding, and EPSS is reported missing.
  testing::HostFixture host;
  for (std::string_view source : release->sources()) {
    host.add(std::string(source), "0.0.1-1", std::string(source), "0.0.1-1");
  }
  Findings findings =
      assess_vulnerabilities(host.get(), index, kev, epss, RankingPolicy::default_policy(), now);
  std::size_t expected = 0;
  for (std::string_view source : release->sources()) {
    for (const auto& view : release->of_source(source)) {
      if (view.status() != feeds::AdvisoryStatus::kNotAffected) ++expected;
    }
  }
  EXPECT_GT(expected, 0u);
  EXPECT_EQ(findings.size(), expected);
  EXPECT_FALSE(findings.complete());
  for (const Finding& finding : findings.fixable) {
    ASSERT_NE(finding.feed, nullptr);
    EXPECT_EQ(finding.feed->name, "tracker");
  }
}

TEST(StoredFeedsTest, EpssFromTheStoreIsIndexedWithItsFeed) {
  patchplan::testing::TempDir dir;
  auto store = store::Store::open((dir.path() / "p.db").string());
  ASSERT_TRUE(store) << store.error().message;
  const fs::path csv = dir.path() / "epss.csv";
  std::ofstream(csv) << "#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z\n"
                        "cve,epss,percentile\n"
                        "CVE-2024-0001,0.91234,0.99876\n"
                        "CVE-2023-0002,0.00043,0.11000\n";
  feeds::ImportRequest request;
  request.path = csv.string();
  feeds::ImportContext context{store::current_actor("vulns-test"), store::system_now};
  ASSERT_TRUE(feeds::import_feed_file(*store, request, context));

  auto ages = feeds::feed_ages(store->database(), store::system_now());
  ASSERT_TRUE(ages) << ages.error().message;
  std::vector<FeedInfo> infos = feed_infos(*ages);
  auto table = feeds::load_epss(store->database());
  ASSERT_TRUE(table) << table.error().message;
  EpssIndex epss = epss_index(std::move(*table), infos);
  EXPECT_EQ(epss.size(), 2u);
  EXPECT_TRUE(epss.feed().present);
  EXPECT_EQ(epss.feed().source, csv.string());
  EXPECT_EQ(epss.feed().max_age, std::chrono::hours(24 * 7));
  const feeds::EpssScore* score = epss.find("CVE-2024-0001");
  ASSERT_NE(score, nullptr);
  EXPECT_DOUBLE_EQ(score->probability, 0.91234);
  EXPECT_DOUBLE_EQ(score->percentile, 0.99876);
  EXPECT_EQ(epss.find("CVE-2024-9999"), nullptr);

  // Without an EPSS feed among the infos the index is the missing one, whatever the table.
  std::vector<FeedInfo> without;
  for (const FeedInfo& info : infos) {
    if (info.kind != feeds::FeedKind::kEpss) without.push_back(info);
  }
  auto again = feeds::load_epss(store->database());
  ASSERT_TRUE(again);
  EpssIndex missing = epss_index(std::move(*again), without);
  EXPECT_FALSE(missing.feed().present);
  EXPECT_EQ(missing.size(), 0u);
}

TEST(StoredFeedsTest, OneTableOfFeedAgeDefaults) {
  using feeds::FeedKind;
  const feeds::FeedLimits limits;
  for (FeedKind kind : {FeedKind::kDebianTracker, FeedKind::kDebianChangelog, FeedKind::kOsv,
                        FeedKind::kKev, FeedKind::kEpss}) {
    EXPECT_EQ(limits.limit(kind), feeds::default_feed_limit(kind)) << feeds::kind_name(kind);
    auto hours = default_max_age(kind);
    ASSERT_EQ(hours.has_value(), feeds::default_feed_limit(kind).has_value());
    if (hours) {
      EXPECT_EQ(*hours, *feeds::default_feed_limit(kind));
    }
  }
  EXPECT_EQ(default_max_age(FeedKind::kDebianTracker), std::chrono::hours(48));
  EXPECT_EQ(default_max_age(FeedKind::kKev), std::chrono::hours(24 * 7));
  EXPECT_EQ(default_max_age(FeedKind::kEpss), std::chrono::hours(24 * 7));
  EXPECT_EQ(default_max_age(FeedKind::kDebianChangelog), std::nullopt);
  EXPECT_EQ(FeedInfo{}.max_age, std::chrono::hours(48));
  EXPECT_EQ(EpssIndex().feed().max_age, std::chrono::hours(24 * 7));
}

}  // namespace
}  // namespace patchplan::vulns
