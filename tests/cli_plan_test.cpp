// End-to-end tests of `patchplan plan` and `patchplan policy`: assess two shared roots,
// plan with a policy and hosts file, store, show, diff, approve, export and parse back.
#include <fmt/format.h>
#include <libical/ical.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/cli_fixture.hpp"

namespace patchplan::testing {
namespace {

class CliPlanTest : public CliTest {
 protected:
  void assess(const std::string& host) {
    auto r = patchplan(
        {"--db", db(), "-q", "assess", "--root", (shared_hosts() / host).string(), "--host", host});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST_F(CliPlanTest, DefaultPolicyIsPrintedAndReadsBack) {
  auto shown = patchplan({"policy", "show", "--default"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("rrule: FREQ=MONTHLY;BYDAY=2TU"), std::string::npos);
  auto file = scratch().write("policy.yaml", shown.out);
  auto effective = patchplan({"policy", "show", file.string()});
  ASSERT_EQ(effective.exit_code, 0) << effective.err;
  EXPECT_NE(effective.out.find("default_class: standard"), std::string::npos);
}

TEST_F(CliPlanTest, PolicyTypoIsAOneLineErrorWithFileLineAndKey) {
  auto file = scratch().write("policy.yaml", "deadlines:\n  critcal: 12h\n");
  auto r = patchplan({"policy", "show", file.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(file.string() + ":2: unknown key 'deadlines.critcal'"), std::string::npos)
      << r.err;
}

// The bad inputs through the binary: each one line on stderr naming the real file,
// its line and the key, exit code 1, and no plan stored.
TEST_F(CliPlanTest, BadPolicyAndHostsFilesAreOneLineErrorsNamingFileLineAndKey) {
  const std::string windows =
      "windows:\n  monthly:\n    rrule: FREQ=MONTHLY;BYDAY=2TU\n    start: \"22:00\"\n"
      "    duration: 4h\n    kind: monthly\nclasses:\n  standard:\n    windows: [monthly]\n";
  auto good_policy = scratch().write("good-policy.yaml", windows);
  auto good_hosts = scratch().write("good-hosts.yaml", "hosts:\n  - name: go\n");
  struct Case {
    const char* name;
    std::string policy;  // "" = good-policy.yaml
    std::string hosts;   // "" = good-hosts.yaml
    int line;
    const char* file;  // "policy" or "hosts": where the error is
    std::string message;
  };
  const Case cases[] = {
      {"invalid RRULE",
       "windows:\n  monthly:\n    rrule: FREQ=MONTHLY;BYDAY=2XX\n    start: \"22:00\"\n"
       "    duration: 4h\n",
       "", 3, "policy", "key 'windows.monthly.rrule': invalid RRULE 'FREQ=MONTHLY;BYDAY=2XX'"},
      {"unknown time zone", "", "hosts:\n  - name: go\n    timezone: Europe/Madird\n", 3, "hosts",
       "key 'hosts[0].timezone': unknown time zone 'Europe/Madird'"},
      {"ring with no host",
       windows + "rings:\n  - {name: canary, tags: [canary]}\n  - name: rest\n", "", 11, "policy",
       "key 'rings[0]': ring 'canary' references no host of '"},
      {"contradictory holds", "",
       "hosts:\n  - name: go\n    overrides:\n      hold: [openssl]\n      release: ['openssl*']\n",
       5, "hosts", "key 'hosts[0].overrides.release': 'openssl*' releases everything"},
      {"typo in a key", windows + "near_breech: 4h\n", "", 10, "policy",
       "unknown key 'near_breech'"},
  };
  for (const auto& c : cases) {
    auto policy = c.policy.empty() ? good_policy : scratch().write("policy.yaml", c.policy);
    auto hosts = c.hosts.empty() ? good_hosts : scratch().write("hosts.yaml", c.hosts);
    auto r = patchplan({"--db", db(), "plan", "--policy", policy.string(), "--hosts",
                        hosts.string(), "--dry-run"});
    EXPECT_EQ(r.exit_code, 1) << c.name << ": " << r.err;
    const std::string where = fmt::format(
        "{}:{}: ", std::string(c.file) == "policy" ? policy.string() : hosts.string(), c.line);
    EXPECT_NE(r.err.find(where + c.message), std::string::npos) << c.name << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c.name << ": " << r.err;
  }
  auto stored = patchplan({"--db", db(), "plan", "show", "1"});
  EXPECT_NE(stored.exit_code, 0) << "no plan was stored";
}

TEST_F(CliPlanTest, PlanIsStoredShownDiffedApprovedAndExported) {
  assess("go");
  assess("rust");
  auto hosts = scratch().write("hosts.yaml",
                               "hosts:\n  - {name: go, timezone: Europe/Madrid, tags: [canary]}\n");
  auto ics = scratch().path() / "plan.ics";
  auto first = patchplan({"--db", db(), "plan", "--hosts", hosts.string(), "--ics", ics.string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("plan 1 (2026-12 version 1), not approved"), std::string::npos)
      << first.out;
  EXPECT_NE(first.out.find("ring canary"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("unclassified hosts (default class) (1):\n  rust"), std::string::npos)
      << first.out;

  std::ifstream in(ics);
  std::string calendar((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  icalcomponent* parsed = icalparser_parse_string(calendar.c_str());
  ASSERT_NE(parsed, nullptr);
  EXPECT_GE(icalcomponent_count_components(parsed, ICAL_VEVENT_COMPONENT), 2);
  icalcomponent_free(parsed);

  auto second = patchplan({"--db", db(), "plan", "--json"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  auto document = nlohmann::json::parse(second.out);
  EXPECT_EQ(document["id"], 2);
  EXPECT_EQ(document["version"], 2);
  EXPECT_EQ(document["kind"], "plan");

  auto diff = patchplan({"--db", db(), "plan", "diff", "1", "2"});
  ASSERT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_NE(diff.out.find("~ go "), std::string::npos) << diff.out;  // the zone moved go's slot

  auto approve = patchplan({"--db", db(), "plan", "approve", "1", "--reason", "CAB 42"});
  ASSERT_EQ(approve.exit_code, 0) << approve.err;
  auto show = patchplan({"--db", db(), "plan", "show", "1"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("approved by "), std::string::npos) << show.out;
  auto journal = patchplan({"--db", db(), "journal"});
  EXPECT_NE(journal.out.find("plan.approve"), std::string::npos) << journal.out;
  EXPECT_NE(journal.out.find("CAB 42"), std::string::npos) << journal.out;

  auto missing = patchplan({"--db", db(), "plan", "show", "9"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no plan 9"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace patchplan::testing
