// Findings grouped by the update that fixes them, stale feeds per finding, and the
// pending updates' tiers taken from their worst finding.
#include "vulns/update_findings.hpp"

#include <gtest/gtest.h>

#include "vulns/tests/host_fixture.hpp"
#include "vulns/vulnerability_matcher.hpp"

namespace patchplan::vulns {
namespace {

using feeds::AdvisoryStatus;
using testing::advisory;

class UpdateFindingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Every update comes from bookworm-security: the built-in rule makes them important.
    host_.add("libfoo1", "1.0-1", "foo", "1.0-1", "1.1-1", "1.1-1").security = true;
    host_.add("foo-bin", "1.0-1", "foo", "1.0-1", "1.1-1", "1.1-1").security = true;
    host_.add("bar", "2.0-1", "bar", "2.0-1", "2.1-1", "2.1-1").security = true;
    host_.add("quiet", "3.0-1", "quiet", "3.0-1", "3.1-1", "3.1-1").security = true;  // no fix
    host_.add("open", "4.0-1", "open", "4.0-1");
  }

  Findings assess(std::chrono::hours tracker_age) {
    const store::Timestamp now = store::system_now();
    FeedInfo tracker{feeds::FeedKind::kDebianTracker, "tracker", true,        now - tracker_age,
                     std::chrono::hours(48),          "",        std::nullopt};
    index_ = std::make_unique<AdvisoryIndex>(
        std::vector{advisory("CVE-2024-0001", "foo", AdvisoryStatus::kFixed, "1.1-1", "low"),
                    advisory("CVE-2024-0002", "foo", AdvisoryStatus::kFixed, "1.1-1", "medium"),
                    advisory("CVE-2024-0003", "bar", AdvisoryStatus::kFixed, "2.1-1", "low"),
                    advisory("CVE-2024-0004", "open", AdvisoryStatus::kOpen, "", "high")},
        std::vector{tracker});
    FeedInfo kev_feed{feeds::FeedKind::kKev,   "kev", true,        now,
                      std::chrono::hours(168), "",    std::nullopt};
    kev_ = KevIndex(
        {feeds::KevEntry{"CVE-2024-0003", "v", "p", "n", "2024-01-01", "2024-01-22", false}},
        kev_feed);
    return assess_vulnerabilities(host_.get(), *index_, kev_, epss_, policy_, now);
  }

  testing::HostFixture host_;
  std::unique_ptr<AdvisoryIndex> index_;
  KevIndex kev_;
  EpssIndex epss_;
  RankingPolicy policy_ = RankingPolicy::default_policy();
};

TEST_F(UpdateFindingsTest, GroupsPerBinaryMostUrgentFirst) {
  Findings findings = assess(std::chrono::hours(1));
  std::vector<UpdateFindings> groups = findings_by_update(findings);
  ASSERT_EQ(groups.size(), 3u);  // bar, foo-bin, libfoo1; "open" has no fix
  EXPECT_EQ(groups[0].package->name, "bar");
  EXPECT_EQ(groups[0].worst().tier, assessment::Tier::kCritical);  // KEV
  EXPECT_EQ(groups[0].kev, 1u);
  EXPECT_EQ(groups[1].package->name, "foo-bin");
  EXPECT_EQ(groups[2].package->name, "libfoo1");
  ASSERT_EQ(groups[2].findings.size(), 2u);
  EXPECT_EQ(groups[2].findings[0]->vulnerability(), "CVE-2024-0002");  // medium before low
  EXPECT_EQ(groups[2].worst().tier, assessment::Tier::kImportant);
  EXPECT_EQ(groups[2].kev, 0u);
  for (const auto& group : groups) EXPECT_TRUE(group.stale_feeds.empty());
}

TEST_F(UpdateFindingsTest, StaleTrackerIsNamedOnEveryGroupAndFinding) {
  Findings findings = assess(std::chrono::hours(24 * 5));
  for (const auto& group : findings_by_update(findings)) {
    ASSERT_EQ(group.stale_feeds.size(), 1u) << group.package->name;
    EXPECT_EQ(group.stale_feeds[0]->feed->name, "tracker");
    EXPECT_EQ(group.stale_feeds[0]->describe(), "feed 'tracker' is 5 days old (limit 2 days)");
  }
  ASSERT_EQ(findings.unfixed.size(), 1u);
  EXPECT_EQ(stale_feeds(findings, findings.unfixed[0]).size(), 1u);
}

TEST_F(UpdateFindingsTest, PendingTierIsTheWorstFindingElseTheBuiltInRule) {
  Findings findings = assess(std::chrono::hours(1));
  std::vector<UpdateFindings> groups = findings_by_update(findings);
  assessment::HostAssessment& host = host_.with_pending();
  ASSERT_EQ(host.pending.size(), 4u);
  for (const auto& pending : host.pending) {
    EXPECT_EQ(pending.priority.tier, assessment::Tier::kImportant);  // all from -security
  }
  prioritise_by_findings(host, groups, policy_);
  std::vector<std::pair<std::string, assessment::Tier>> order;
  for (const auto& pending : host.pending)
    order.emplace_back(pending.update->name, pending.priority.tier);
  using assessment::Tier;
  EXPECT_EQ(order, (std::vector<std::pair<std::string, Tier>>{{"bar", Tier::kCritical},
                                                              {"foo-bin", Tier::kImportant},
                                                              {"libfoo1", Tier::kImportant},
                                                              {"quiet", Tier::kImportant}}));
  EXPECT_EQ(host.pending[0].priority.reason,
            "fixes 1 vulnerability, worst CVE-2024-0003: known exploited (CISA KEV)");
  EXPECT_EQ(host.pending[2].priority.reason,
            "fixes 2 vulnerabilities, worst CVE-2024-0002: medium or high urgency");
  EXPECT_EQ(host.pending[3].priority.reason,
            assessment::prioritise(*host.pending[3].update).reason);
}

TEST_F(UpdateFindingsTest, LowUrgencyFixesLowerASecurityUpdateToMinor) {
  host_.add("lowpkg", "5.0-1", "lowpkg", "5.0-1", "5.1-1", "5.1-1").security = true;
  index_ = std::make_unique<AdvisoryIndex>(
      std::vector{advisory("CVE-2024-0009", "lowpkg", AdvisoryStatus::kFixed, "5.1-1", "low")},
      std::vector<FeedInfo>{});
  Findings findings = assess_vulnerabilities(host_.get(), *index_, kev_, epss_, policy_);
  assessment::HostAssessment& host = host_.with_pending();
  prioritise_by_findings(host, findings_by_update(findings), policy_);
  bool seen = false;
  for (const auto& pending : host.pending) {
    if (pending.update->name != "lowpkg") continue;
    seen = true;
    EXPECT_EQ(pending.priority.tier, assessment::Tier::kMinor);
  }
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace patchplan::vulns
