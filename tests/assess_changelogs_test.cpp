// Issue 3's first done-criterion through the binary: `patchplan feeds import-changelogs`
// of the shared Debian changelogs into a fresh database, then `patchplan --root
// builder-cpp assess --json`; the findings must be exactly the pairs of the independent
// expectation (changelog tables, dpkg-query, apt-cache policy, libdpkg), and the binary
// must say that no tracker feed is there.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli_fixture.hpp"
#include "vulns/tests/changelog_expectation.hpp"

namespace patchplan::testing {
namespace {

namespace fs = std::filesystem;

TEST_F(CliTest, AssessWithTheSharedChangelogsFindsExactlyTheExpectedPairs) {
  const fs::path host = shared_hosts() / "builder-cpp";
  const std::string changelogs =
      (fs::path(PATCHPLAN_SHARED_DIR) / "data/debian/changelogs").string();
  auto imported = patchplan({"--db", db(), "--json", "feeds", "import-changelogs", changelogs});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto summary = nlohmann::json::parse(imported.out);
  EXPECT_EQ(summary["files"], 655);
  EXPECT_GT(summary["versions"].get<int>(), 10000);

  auto assessed = patchplan({"--db", db(), "--root", host.string(), "assess", "--json"});
  ASSERT_EQ(assessed.exit_code, 0) << assessed.err;
  auto doc = nlohmann::json::parse(assessed.out);
  const auto& v = doc["vulnerabilities"];
  vulns::testing::Pairs ours;
  for (const auto& finding : v["findings"]) {
    EXPECT_EQ(finding["kind"], "fixed-by-update") << finding.dump();
    EXPECT_EQ(finding["feed"], "changelog");
    ours.insert(finding["package"].get<std::string>() + ":" +
                finding["architecture"].get<std::string>() + " " +
                finding["vulnerability"].get<std::string>());
  }
  EXPECT_EQ(ours.size(), v["findings"].size());  // one finding per pair

  bool tracker_warned = false;
  for (const auto& warning : v["warnings"]) {
    if (warning.get<std::string>().starts_with("no tracker feed imported")) tracker_warned = true;
  }
  EXPECT_TRUE(tracker_warned) << v["warnings"].dump();
  EXPECT_FALSE(v["complete"].get<bool>());
  EXPECT_TRUE(v["assessed"].get<bool>());

  vulns::testing::Pairs expected = vulns::testing::expected_changelog_pairs(host);
  EXPECT_GT(expected.size(), 5000u);
  EXPECT_EQ(ours, expected) << vulns::testing::pair_difference(ours, expected);

  auto text = patchplan({"--db", db(), "--root", host.string(), "assess"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("no tracker feed imported: vulnerabilities not assessed"),
            std::string::npos);
}

}  // namespace
}  // namespace patchplan::testing
