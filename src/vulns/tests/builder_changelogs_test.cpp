// Issue 3's done-criterion: on the real host root builder-cpp, with the shared Debian
// changelogs as the only source, the findings are exactly the (installed binary, CVE)
// pairs named in changelog entries newer than the installed source version and not newer
// than the candidate. The expectation (changelog_expectation.hpp) is built without
// patchplan's own readers.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "assessment/host_assessment.hpp"
#include "feeds/changelog_import.hpp"
#include "vulns/tests/changelog_expectation.hpp"
#include "vulns/vulnerability_matcher.hpp"

namespace patchplan::vulns {
namespace {

namespace fs = std::filesystem;
using testing::Pairs;

const fs::path kShared = fs::path(PATCHPLAN_SHARED_DIR) / "data";
const fs::path kHost = kShared / "hosts/builder-cpp";

TEST(BuilderChangelogsTest, FindingsAreExactlyTheChangelogPairsBetweenInstalledAndCandidate) {
  auto imported = feeds::import_changelogs({(kShared / "debian/changelogs").string()});
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(imported->files, 655u);
  FeedInfo changelogs{feeds::FeedKind::kDebianChangelog,
                      "changelog",
                      true,
                      std::nullopt,
                      default_max_age(feeds::FeedKind::kDebianChangelog),
                      "",
                      std::nullopt};
  AdvisoryIndex index(std::move(imported->advisories), {changelogs}, imported->versions);
  KevIndex kev;
  EpssIndex epss;

  auto root = RootFs::open(kHost.string());
  ASSERT_TRUE(root);
  auto host = assessment::assess_host(*root, {});
  ASSERT_TRUE(host) << host.error().message;
  Findings findings =
      assess_vulnerabilities(*host, index, kev, epss, RankingPolicy::default_policy());

  Pairs ours;
  for (const Finding& finding : findings.fixable) {
    EXPECT_EQ(finding.kind, FindingKind::kFixedByUpdate) << finding.vulnerability();
    ours.insert(fmt::format("{}:{} {}", finding.package->name, finding.package->architecture,
                            finding.vulnerability()));
  }
  EXPECT_TRUE(findings.unfixed.empty());
  EXPECT_TRUE(findings.end_of_life.empty());
  EXPECT_TRUE(findings.undetermined.empty());
  EXPECT_FALSE(findings.complete());  // KEV and EPSS were not given: reported missing

  Pairs expected = testing::expected_changelog_pairs(kHost);
  EXPECT_GT(expected.size(), 5000u);
  EXPECT_EQ(ours.size(), findings.fixable.size());  // one finding per pair
  EXPECT_EQ(ours, expected) << testing::pair_difference(ours, expected);
}

}  // namespace
}  // namespace patchplan::vulns
