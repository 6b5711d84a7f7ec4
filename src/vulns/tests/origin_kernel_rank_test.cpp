// Origins without a distribution verdict, kernel exposure, the ranking table, explain()
// and feed provenance, on golden fixtures.
#include <gtest/gtest.h>

#include "vulns/explain.hpp"
#include "vulns/package_origin.hpp"
#include "vulns/tests/host_fixture.hpp"
#include "vulns/vulnerability_matcher.hpp"

namespace patchplan::vulns {
namespace {

using feeds::AdvisoryStatus;
using testing::advisory;
using testing::debian_origin;
using testing::HostFixture;

class OriginKernelRankTest : public ::testing::Test {
 protected:
  Findings assess(std::vector<feeds::SourceAdvisory> advisories,
                  std::vector<feeds::SourceVersion> known = {}) {
    FeedInfo tracker{
        feeds::FeedKind::kDebianTracker, "tracker", true,        now_ - std::chrono::hours(5),
        std::chrono::hours(48),          "",        std::nullopt};
    index_ = std::make_unique<AdvisoryIndex>(std::move(advisories), std::vector{tracker}, known);
    return assess_vulnerabilities(host_.get(), *index_, kev_, epss_, policy_, now_);
  }

  const Finding* find(const Findings& findings, std::string_view package) {
    for (const auto* list : {&findings.fixable, &findings.unfixed}) {
      for (const Finding& f : *list) {
        if (f.package->name == package) return &f;
      }
    }
    return nullptr;
  }

  store::Timestamp now_ = store::system_now();
  HostFixture host_;
  std::unique_ptr<AdvisoryIndex> index_;
  KevIndex kev_;
  EpssIndex epss_;
  RankingPolicy policy_ = RankingPolicy::default_policy();
};

TEST_F(OriginKernelRankTest, BackportsAndThirdPartyGetNoDistributionVerdict) {
  host_.add("bpo", "2.0-1~bpo12+1", "bpo", "2.0-1~bpo12+1");
  host_.add("bpsuite", "2.0-1", "bpsuite", "2.0-1", {}, {}, {debian_origin("bookworm-backports")});
  updates::ReleaseOrigin vendor = debian_origin("nodistro");
  vendor.origin = "Node Source";
  host_.add("nodejs", "20.1-1nodesource1", "nodejs", "20.1-1nodesource1", {}, {}, {vendor});
  host_.add("local", "1.0-1local1", "local", "1.0-1local1", {}, {}, {});
  host_.add("marked", "1.0-1+deb12u1", "marked", "1.0-1+deb12u1", {}, {}, {});
  host_.add("known", "1.0-1", "known", "1.0-1", {}, {}, {});
  std::vector<feeds::SourceAdvisory> advisories;
  for (const char* source : {"bpo", "bpsuite", "nodejs", "local", "marked", "known"}) {
    advisories.push_back(advisory("CVE-2024-1111", source, AdvisoryStatus::kOpen));
  }
  Findings findings = assess(advisories, {{"known", "1.0-1"}});

  std::map<std::string, OriginClass> unknown;
  for (const UnknownOrigin& u : findings.unknown_origin) unknown[u.package->name] = u.origin;
  EXPECT_EQ(unknown, (std::map<std::string, OriginClass>{{"bpo", OriginClass::kBackports},
                                                         {"bpsuite", OriginClass::kBackports},
                                                         {"local", OriginClass::kUnknownLocal},
                                                         {"nodejs", OriginClass::kThirdParty}}));
  EXPECT_NE(find(findings, "marked"), nullptr);  // status-only, "+deb12u1": Debian's
  EXPECT_NE(find(findings, "known"), nullptr);   // status-only, named by a changelog
  EXPECT_EQ(findings.unfixed.size(), 2u);
  for (const UnknownOrigin& u : findings.unknown_origin) EXPECT_FALSE(u.reason.empty());
}

TEST_F(OriginKernelRankTest, OnlyTheRunningKernelImageIsExposed) {
  host_.set_running_kernel("6.1.0-40-amd64");
  host_.add("linux-image-6.1.0-40-amd64", "6.1.160-1", "linux-signed-amd64", "6.1.160+1",
            "6.1.170-3", "6.1.170+3");
  host_.add("linux-image-6.1.0-39-amd64", "6.1.150-1", "linux-signed-amd64", "6.1.150+1");
  host_.add("linux-libc-dev", "6.1.160-1", "linux", "6.1.160-1", "6.1.170-3", "6.1.170-3");
  host_.add("bpftool", "7.1.0+6.1.160-1", "linux", "6.1.160-1", "7.1.0+6.1.170-3", "6.1.170-3");
  Findings findings =
      assess({advisory("CVE-2024-9999", "linux", AdvisoryStatus::kFixed, "6.1.170-1", "high")});

  ASSERT_EQ(findings.fixable.size(), 4u);
  const Finding* running = find(findings, "linux-image-6.1.0-40-amd64");
  ASSERT_NE(running, nullptr);
  EXPECT_EQ(running->exposure, Exposure::kRunningKernel);
  EXPECT_EQ(matched_source(*running).source, "linux");
  EXPECT_EQ(matched_source(*running).version, "6.1.160-1");  // the binary version: linux's space
  EXPECT_EQ(running->kind, FindingKind::kFixedByUpdate);
  EXPECT_EQ(running->tier, assessment::Tier::kImportant);
  const Finding* other = find(findings, "linux-image-6.1.0-39-amd64");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->exposure, Exposure::kOtherKernel);
  EXPECT_EQ(other->tier, assessment::Tier::kMinor);
  EXPECT_EQ(other->kind, FindingKind::kFixedByUpdate);  // by the newer image of the meta package
  for (const char* tool : {"linux-libc-dev", "bpftool"}) {
    const Finding* f = find(findings, tool);
    ASSERT_NE(f, nullptr) << tool;
    EXPECT_EQ(f->exposure, Exposure::kKernelBuildOrTools);
    EXPECT_EQ(f->tier, assessment::Tier::kMinor);
  }
  order_by_tier(findings.fixable);
  EXPECT_EQ(findings.fixable.front().package->name, "linux-image-6.1.0-40-amd64");  // most urgent
}

TEST_F(OriginKernelRankTest, KernelFixArrivesThroughTheMetaPackagesNewImage) {
  host_.set_running_kernel("6.1.0-40-amd64");
  host_.add("linux-image-6.1.0-40-amd64", "6.1.160-1", "linux-signed-amd64", "6.1.160+1");
  host_.add("linux-image-amd64", "6.1.160-1", "linux-signed-amd64", "6.1.160+1", "6.1.170-3",
            "6.1.170+3");
  Findings findings =
      assess({advisory("CVE-2024-9998", "linux", AdvisoryStatus::kFixed, "6.1.165-1", "high"),
              advisory("CVE-2024-9997", "linux", AdvisoryStatus::kFixed, "6.1.180-1", "high")});
  const Finding* running = nullptr;
  std::map<std::string, FindingKind> kinds;
  for (const Finding& f : findings.fixable) {
    if (f.package->name != "linux-image-6.1.0-40-amd64") continue;
    running = &f;
    kinds[std::string(f.vulnerability())] = f.kind;
  }
  ASSERT_NE(running, nullptr);
  EXPECT_EQ(kinds["CVE-2024-9998"], FindingKind::kFixedByUpdate);
  EXPECT_EQ(kinds["CVE-2024-9997"], FindingKind::kFixNotAvailable);
}

TEST_F(OriginKernelRankTest, UnknownRunningKernelRanksImagesAsRunningAndSaysSo) {
  host_.add("linux-image-6.1.0-40-amd64", "6.1.160-1", "linux-signed-amd64", "6.1.160+1");
  Findings findings =
      assess({advisory("CVE-2024-9999", "linux", AdvisoryStatus::kOpen, {}, "high")});
  ASSERT_EQ(findings.unfixed.size(), 1u);
  EXPECT_EQ(findings.unfixed[0].exposure, Exposure::kRunningKernelUnknown);
  EXPECT_EQ(findings.unfixed[0].tier, assessment::Tier::kImportant);
  ASSERT_EQ(findings.notes.size(), 1u);
  EXPECT_NE(findings.notes[0].find("running kernel unknown"), std::string::npos);
}

TEST_F(OriginKernelRankTest, DefaultPolicyTiers) {
  host_.add("p", "1.0-1", "p", "1.0-1", "1.0-2", "1.0-2");
  kev_ = KevIndex({{"CVE-2024-0001", "v", "p", "n", "2024-05-01", "2024-05-22", true}},
                  FeedInfo{feeds::FeedKind::kKev, "kev", true, now_, std::chrono::hours(168), "",
                           std::nullopt});
  epss_ = EpssIndex(
      {{"CVE-2024-0002", 0.5, 0.99}, {"CVE-2024-0003", 0.05, 0.9}, {"CVE-2024-0006", 0.2, 0.95}},
      FeedInfo{feeds::FeedKind::kEpss, "epss", true, now_, std::chrono::hours(168), "",
               std::nullopt});
  Findings findings =
      assess({advisory("CVE-2024-0001", "p", AdvisoryStatus::kFixed, "1.0-2", "unimportant"),
              advisory("CVE-2024-0002", "p", AdvisoryStatus::kFixed, "1.0-2", "high"),
              advisory("CVE-2024-0003", "p", AdvisoryStatus::kFixed, "1.0-2", "high"),
              advisory("CVE-2024-0004", "p", AdvisoryStatus::kFixed, "1.0-2", "low"),
              advisory("CVE-2024-0005", "p", AdvisoryStatus::kFixed, "1.0-2", "not yet assigned"),
              advisory("CVE-2024-0006", "p", AdvisoryStatus::kFixed, "1.0-2", "low")});
  std::map<std::string, std::pair<assessment::Tier, std::string>> tiers;
  for (const Finding& f : findings.fixable) {
    std::string rule = f.rule < policy_.rules.size() ? policy_.rules[f.rule].name : "fallback";
    tiers[std::string(f.vulnerability())] = {f.tier, rule};
  }
  using assessment::Tier;
  EXPECT_EQ(tiers["CVE-2024-0001"], std::make_pair(Tier::kCritical, std::string("kev")));
  EXPECT_EQ(tiers["CVE-2024-0002"],
            std::make_pair(Tier::kCritical, std::string("high-urgency-likely-exploited")));
  EXPECT_EQ(tiers["CVE-2024-0003"],
            std::make_pair(Tier::kImportant, std::string("high-or-medium-urgency")));
  EXPECT_EQ(tiers["CVE-2024-0004"], std::make_pair(Tier::kMinor, std::string("low-urgency")));
  EXPECT_EQ(tiers["CVE-2024-0005"], std::make_pair(Tier::kImportant, std::string("fallback")));
  EXPECT_EQ(tiers["CVE-2024-0006"],
            std::make_pair(Tier::kImportant, std::string("likely-exploited")));
  order_by_tier(findings.fixable);
  EXPECT_EQ(findings.fixable.front().tier, Tier::kCritical);
  EXPECT_EQ(findings.fixable.back().tier, Tier::kMinor);
  EXPECT_TRUE(findings.complete());
}

TEST_F(OriginKernelRankTest, PolicyIsDataThatCanBeReplaced) {
  host_.add("p", "1.0-1", "p", "1.0-1", "1.0-2", "1.0-2");
  RankingRule everything;
  everything.name = "all-critical";
  everything.tier = assessment::Tier::kCritical;
  everything.because = "this asset class patches everything at once";
  policy_.rules = {everything};
  Findings findings =
      assess({advisory("CVE-2024-0004", "p", AdvisoryStatus::kFixed, "1.0-2", "low")});
  ASSERT_EQ(findings.fixable.size(), 1u);
  EXPECT_EQ(findings.fixable[0].tier, assessment::Tier::kCritical);
}

TEST_F(OriginKernelRankTest, ExplainSaysWhyTheTier) {
  host_.add("libp1", "1.0-1", "p", "1.0-1", "1.0-2", "1.0-2");
  kev_ = KevIndex({{"CVE-2024-0001", "v", "p", "n", "2024-05-01", "2024-05-22", false}},
                  FeedInfo{feeds::FeedKind::kKev, "kev", true, now_, std::chrono::hours(168), "",
                           std::nullopt});
  Findings findings =
      assess({advisory("CVE-2024-0001", "p", AdvisoryStatus::kFixed, "1.0-2", "low")});
  ASSERT_EQ(findings.fixable.size(), 1u);
  std::string text = explanation_text(explain(findings.fixable[0], policy_, now_));
  for (const char* part : {"CVE-2024-0001 in libp1:amd64 1.0-1 (source p 1.0-1)",
                           "fixed in 1.0-2: fixed by the update to 1.0-2",
                           "in CISA KEV since 2024-05-01, due 2024-05-22", "urgency low",
                           "tier critical: known exploited (CISA KEV) (rule kev)",
                           "feed 'tracker' is 5 hours old", "no EPSS score"}) {
    EXPECT_NE(text.find(part), std::string::npos) << part << "\n" << text;
  }
}

TEST_F(OriginKernelRankTest, MissingAndStaleFeedsAreReportedNotSilent) {
  host_.add("p", "1.0-1", "p", "1.0-1");
  FeedInfo tracker{
      feeds::FeedKind::kDebianTracker, "tracker", true,        now_ - std::chrono::hours(24 * 5),
      std::chrono::hours(48),          "",        std::nullopt};
  FeedInfo osv{feeds::FeedKind::kOsv,  "osv:debian", false,       std::nullopt,
               std::chrono::hours(48), "",           std::nullopt};
  AdvisoryIndex index({}, {tracker, osv});
  Findings findings = assess_vulnerabilities(host_.get(), index, kev_, epss_, policy_, now_);
  EXPECT_FALSE(findings.complete());
  std::map<std::string, FeedState> states;
  for (const FeedNote& note : findings.feeds) states[note.feed->name] = note.state;
  EXPECT_EQ(states, (std::map<std::string, FeedState>{{"tracker", FeedState::kStale},
                                                      {"osv:debian", FeedState::kMissing},
                                                      {"kev", FeedState::kMissing},
                                                      {"epss", FeedState::kMissing}}));
  EXPECT_EQ(findings.feeds[0].describe(), "feed 'tracker' is 5 days old (limit 2 days)");
  EXPECT_NE(findings.feeds[1].describe().find("missing"), std::string::npos);

  FeedInfo changelogs{feeds::FeedKind::kDebianChangelog,
                      "changelog",
                      true,
                      now_ - std::chrono::hours(24 * 100),
                      default_max_age(feeds::FeedKind::kDebianChangelog),
                      "",
                      std::nullopt};
  EXPECT_EQ(assess_feed(changelogs, now_).state, FeedState::kFresh);  // records never go stale

  HostFixture unknown_release;
  unknown_release.add("p", "1.0-1", "p", "1.0-1");
  unknown_release.os().version_codename.clear();
  unknown_release.os().version_id.clear();
  Findings release_unknown =
      assess_vulnerabilities(unknown_release.get(), index, kev_, epss_, policy_, now_);
  ASSERT_EQ(release_unknown.notes.size(), 1u);
  EXPECT_NE(release_unknown.notes[0].find("release is unknown"), std::string::npos);

  AdvisoryIndex nothing;
  Findings none = assess_vulnerabilities(host_.get(), nothing, kev_, epss_, policy_, now_);
  ASSERT_FALSE(none.notes.empty());
  EXPECT_NE(none.notes[0].find("unknown, not absent"), std::string::npos);
}

}  // namespace
}  // namespace patchplan::vulns
