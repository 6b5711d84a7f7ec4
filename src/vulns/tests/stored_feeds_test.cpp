// The matcher fed from the store: the feeds module imports the tracker excerpt and the
// real KEV snapshot into a temporary store, loads them back, and the adapters turn them
// into the matcher's indexes with their provenance.
#include "vulns/stored_feeds.hpp"

#include <gtest/gtest.h>

#include <filesystem>

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

}  // namespace
}  // namespace patchplan::vulns
