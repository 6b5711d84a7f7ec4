// Each matching rule of issue 3 on golden fixtures: source version space, two versions of
// one source, tracker statuses, fix availability, changelog ranges, OSV ranges, releases.
#include <gtest/gtest.h>

#include <set>

#include "vulns/package_origin.hpp"
#include "vulns/tests/host_fixture.hpp"
#include "vulns/vulnerability_matcher.hpp"

namespace patchplan::vulns {
namespace {

using feeds::AdvisoryStatus;
using testing::advisory;
using testing::HostFixture;

class MatcherRulesTest : public ::testing::Test {
 protected:
  Findings assess(std::vector<feeds::SourceAdvisory> advisories,
                  std::vector<feeds::SourceVersion> known = {}) {
    FeedInfo tracker{feeds::FeedKind::kDebianTracker, "tracker", true,        std::nullopt,
                     std::chrono::hours(48),          "",        std::nullopt};
    index_ = std::make_unique<AdvisoryIndex>(std::move(advisories), std::vector{tracker}, known);
    return assess_vulnerabilities(host_.get(), *index_, kev_, epss_, policy_);
  }

  static std::set<std::string> pairs(const std::vector<Finding>& findings) {
    std::set<std::string> out;
    for (const Finding& f : findings) {
      out.insert(f.package->name + " " + std::string(f.vulnerability()));
    }
    return out;
  }

  HostFixture host_;
  std::unique_ptr<AdvisoryIndex> index_;
  KevIndex kev_;
  EpssIndex epss_;
  RankingPolicy policy_ = RankingPolicy::default_policy();
};

TEST_F(MatcherRulesTest, BinaryVersionOutsideSourceSpaceIsNeverCompared) {
  // Binary 300+1 of source foo 248: the fix in source version 249 concerns it.
  host_.add("foo-tool", "300+1", "foo", "248", "300+2", "249");
  Findings findings = assess({advisory("CVE-2024-0001", "foo", AdvisoryStatus::kFixed, "249")});
  ASSERT_EQ(findings.fixable.size(), 1u);
  EXPECT_EQ(findings.fixable[0].kind, FindingKind::kFixedByUpdate);
  EXPECT_EQ(matched_source(findings.fixable[0]).version, "248");
}

TEST_F(MatcherRulesTest, SourceAtTwoVersionsYieldsFindingsForTheOldOne) {
  host_.add("libfoo1", "1.0-1", "foo", "1.0-1", "1.1-1", "1.1-1");
  host_.add("foo-bin", "0.9-1", "foo", "0.9-1", "1.1-1", "1.1-1");  // held back
  Findings findings = assess({advisory("CVE-2024-0001", "foo", AdvisoryStatus::kFixed, "0.95-1"),
                              advisory("CVE-2024-0002", "foo", AdvisoryStatus::kFixed, "1.1-1")});
  EXPECT_EQ(pairs(findings.fixable),
            (std::set<std::string>{"foo-bin CVE-2024-0001", "foo-bin CVE-2024-0002",
                                   "libfoo1 CVE-2024-0002"}));
}

TEST_F(MatcherRulesTest, EveryBinaryOfTheSourceHasItsOwnFinding) {
  host_.add("openssl", "3.0.1-1", "openssl", "3.0.1-1", "3.0.2-1", "3.0.2-1");
  host_.add("libssl3", "3.0.1-1", "openssl", "3.0.1-1", "3.0.2-1", "3.0.2-1");
  Findings findings =
      assess({advisory("CVE-2024-0003", "openssl", AdvisoryStatus::kFixed, "3.0.2-1")});
  EXPECT_EQ(pairs(findings.fixable),
            (std::set<std::string>{"libssl3 CVE-2024-0003", "openssl CVE-2024-0003"}));
}

TEST_F(MatcherRulesTest, TrackerStatusesGoToTheirOwnLists) {
  host_.add("bar", "2.0-1", "bar", "2.0-1");
  Findings findings = assess({advisory("CVE-2024-1000", "bar", AdvisoryStatus::kNotAffected),
                              advisory("CVE-2024-1001", "bar", AdvisoryStatus::kOpen),
                              advisory("CVE-2024-1002", "bar", AdvisoryStatus::kEndOfLife),
                              advisory("CVE-2024-1003", "bar", AdvisoryStatus::kUndetermined)});
  EXPECT_TRUE(findings.fixable.empty());
  EXPECT_EQ(pairs(findings.unfixed), std::set<std::string>{"bar CVE-2024-1001"});
  EXPECT_EQ(pairs(findings.end_of_life), std::set<std::string>{"bar CVE-2024-1002"});
  EXPECT_EQ(pairs(findings.undetermined), std::set<std::string>{"bar CVE-2024-1003"});
  ASSERT_EQ(findings.end_of_life.size(), 1u);
  EXPECT_EQ(findings.end_of_life[0].tier, assessment::Tier::kImportant);
}

TEST_F(MatcherRulesTest, FixBeyondTheCandidateIsNotAvailableToTheHost) {
  host_.add("baz", "1.0-1", "baz", "1.0-1", "1.0-2", "1.0-2");
  Findings findings = assess({advisory("CVE-2024-2000", "baz", AdvisoryStatus::kFixed, "1.0-2"),
                              advisory("CVE-2024-2001", "baz", AdvisoryStatus::kFixed, "1.0-3"),
                              advisory("CVE-2024-2002", "baz", AdvisoryStatus::kFixed, "1.0-1"),
                              advisory("CVE-2024-2003", "baz", AdvisoryStatus::kFixed, "0.9-1")});
  ASSERT_EQ(findings.fixable.size(), 2u);
  std::map<std::string, FindingKind> kinds;
  for (const Finding& f : findings.fixable) kinds[std::string(f.vulnerability())] = f.kind;
  EXPECT_EQ(kinds["CVE-2024-2000"], FindingKind::kFixedByUpdate);
  EXPECT_EQ(kinds["CVE-2024-2001"], FindingKind::kFixNotAvailable);
}

TEST_F(MatcherRulesTest, ChangelogFixCountsOnlyBetweenInstalledAndCandidate) {
  host_.add("qux", "1.0-2", "qux", "1.0-2", "1.0-4", "1.0-4");
  auto fixed_in = [](std::string cve, std::string version) {
    feeds::SourceAdvisory a =
        advisory(std::move(cve), "qux", AdvisoryStatus::kFixed, std::move(version), "high");
    a.release.clear();
    a.ecosystem = "debian";
    a.feed = feeds::FeedKind::kDebianChangelog;
    return a;
  };
  Findings findings =
      assess({fixed_in("CVE-2024-3000", "1.0-1"), fixed_in("CVE-2024-3001", "1.0-2"),
              fixed_in("CVE-2024-3002", "1.0-3"), fixed_in("CVE-2024-3003", "1.0-4"),
              fixed_in("CVE-2024-3004", "2.0-1")});
  EXPECT_EQ(pairs(findings.fixable),
            (std::set<std::string>{"qux CVE-2024-3002", "qux CVE-2024-3003"}));
  for (const Finding& f : findings.fixable) EXPECT_EQ(f.kind, FindingKind::kFixedByUpdate);
}

TEST_F(MatcherRulesTest, OsvRangesWithIntroducedAndLastAffected) {
  host_.add("osvpkg", "2.0-1", "osvpkg", "2.0-1", "2.1-1", "2.1-1");
  feeds::SourceAdvisory later =
      advisory("CVE-2024-4000", "osvpkg", AdvisoryStatus::kFixed, "2.1-1");
  later.introduced = "2.0-1";
  feeds::SourceAdvisory not_yet =
      advisory("CVE-2024-4001", "osvpkg", AdvisoryStatus::kFixed, "3.1-1");
  not_yet.introduced = "3.0-1";
  feeds::SourceAdvisory last = advisory("CVE-2024-4002", "osvpkg", AdvisoryStatus::kFixed);
  last.last_affected = "2.0-1";
  feeds::SourceAdvisory listed = advisory("CVE-2024-4003", "osvpkg", AdvisoryStatus::kFixed);
  listed.versions = "1.9-1 2.0-1";
  for (auto* a : {&later, &not_yet, &last, &listed}) a->feed = feeds::FeedKind::kOsv;
  Findings findings = assess({later, not_yet, last, listed});
  EXPECT_EQ(pairs(findings.fixable),
            (std::set<std::string>{"osvpkg CVE-2024-4000", "osvpkg CVE-2024-4002",
                                   "osvpkg CVE-2024-4003"}));
  for (const Finding& f : findings.fixable) EXPECT_EQ(f.kind, FindingKind::kFixedByUpdate);
}

TEST_F(MatcherRulesTest, OnlyTheHostsReleaseAndEcosystemApply) {
  host_.add("rel", "1.0-1", "rel", "1.0-1");
  feeds::SourceAdvisory trixie = advisory("CVE-2024-5000", "rel", AdvisoryStatus::kOpen);
  trixie.release = "trixie";
  feeds::SourceAdvisory ubuntu = advisory("CVE-2024-5001", "rel", AdvisoryStatus::kOpen);
  ubuntu.ecosystem = "ubuntu";
  feeds::SourceAdvisory by_number = advisory("CVE-2024-5002", "rel", AdvisoryStatus::kOpen);
  by_number.release = "12";
  Findings findings = assess({trixie, ubuntu, by_number});
  EXPECT_EQ(pairs(findings.unfixed), std::set<std::string>{"rel CVE-2024-5002"});
}

TEST_F(MatcherRulesTest, StrongestVerdictWinsAmongAdvisoriesOfOneCve) {
  host_.add("dup", "1.0-1", "dup", "1.0-1", "1.0-3", "1.0-3");
  feeds::SourceAdvisory changelog =
      advisory("CVE-2024-6000", "dup", AdvisoryStatus::kFixed, "1.0-2");
  changelog.release.clear();
  changelog.feed = feeds::FeedKind::kDebianChangelog;
  Findings findings =
      assess({advisory("CVE-2024-6000", "dup", AdvisoryStatus::kUndetermined), changelog,
              advisory("CVE-2024-6000", "dup", AdvisoryStatus::kFixed, "1.0-3")});
  ASSERT_EQ(findings.fixable.size(), 1u);
  EXPECT_TRUE(findings.undetermined.empty());
  EXPECT_EQ(findings.fixable[0].advisory->feed, feeds::FeedKind::kDebianTracker);
}

TEST_F(MatcherRulesTest, InvalidAdvisoryVersionsAreDroppedAndCounted) {
  host_.add("inv", "1.0-1", "inv", "1.0-1", "1.0-2", "1.0-2");
  Findings findings =
      assess({advisory("CVE-2024-7000", "inv", AdvisoryStatus::kFixed, "not a version"),
              advisory("CVE-2024-7001", "inv", AdvisoryStatus::kFixed, "1.0-2")});
  EXPECT_EQ(index_->rejected(), 1u);
  EXPECT_EQ(pairs(findings.fixable), std::set<std::string>{"inv CVE-2024-7001"});
}

TEST_F(MatcherRulesTest, CostFollowsDistinctPairsNotHosts) {
  host_.add("libfoo1", "1.0-1", "foo", "1.0-1", "1.1-1", "1.1-1");
  host_.add("foo-bin", "1.0-1", "foo", "1.0-1", "1.1-1", "1.1-1");
  AdvisoryIndex index({advisory("CVE-2024-0002", "foo", AdvisoryStatus::kFixed, "1.1-1")},
                      {FeedInfo{feeds::FeedKind::kDebianTracker, "tracker", true, std::nullopt,
                                std::chrono::hours(48), "", std::nullopt}});
  VulnerabilityMatcher matcher(index, kev_, epss_, policy_);
  Findings first = matcher.assess(host_.get(), store::system_now());
  auto after_one = matcher.stats();
  for (int i = 0; i < 10; ++i) matcher.assess(host_.get(), store::system_now());
  EXPECT_EQ(first.fixable.size(), 2u);
  EXPECT_EQ(after_one.distinct_pairs, 1u);
  EXPECT_EQ(matcher.stats().distinct_pairs, 1u);
  EXPECT_EQ(matcher.stats().comparisons, after_one.comparisons);
  EXPECT_EQ(matcher.stats().hosts, 11u);
  EXPECT_EQ(matcher.stats().binaries, 22u);
}

}  // namespace
}  // namespace patchplan::vulns
