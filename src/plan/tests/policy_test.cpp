// Tests of the policy and hosts loaders: the default policy, every bad input named by line.
#include <gtest/gtest.h>

#include "plan/hosts.hpp"
#include "plan/planner.hpp"
#include "plan/policy_loader.hpp"
#include "plan/policy_text.hpp"

namespace patchplan::plan {
namespace {

Error policy_error(const std::string& text) {
  auto policy = parse_policy(text, "p.yaml");
  EXPECT_FALSE(policy.has_value()) << text;
  return policy ? Error{} : policy.error();
}

TEST(PolicyTest, DefaultPolicyParsesWithDocumentedDeadlines) {
  const Policy& policy = default_policy();
  EXPECT_EQ(policy.deadlines[0], std::chrono::hours(24));
  EXPECT_EQ(policy.deadlines[1], std::chrono::days(14));
  EXPECT_EQ(policy.deadlines[2], std::chrono::days(31));
  EXPECT_EQ(policy.default_class, "standard");
  EXPECT_EQ(policy.windows.at("monthly").rrule, "FREQ=MONTHLY;BYDAY=2TU");
  EXPECT_EQ(policy.windows.at("monthly").start_minute, 22 * 60);
  ASSERT_EQ(policy.rings.size(), 3u);
  EXPECT_EQ(policy.rings[1].percentage, 10);
  EXPECT_EQ(policy.deadline(Tier::kCritical, Criticality::kCritical), std::chrono::hours(12));
}

TEST(PolicyTest, DefaultTierRulesAreTheVulnerabilityRankingTable) {
  const auto& loaded = default_policy().tier_rules;
  const auto builtin = vulns::RankingPolicy::default_policy();
  ASSERT_EQ(loaded.rules.size(), builtin.rules.size());
  for (std::size_t i = 0; i < builtin.rules.size(); ++i) {
    const auto& a = loaded.rules[i];
    const auto& b = builtin.rules[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.kev, b.kev) << a.name;
    EXPECT_EQ(a.urgencies, b.urgencies) << a.name;
    EXPECT_EQ(a.min_epss, b.min_epss) << a.name;
    EXPECT_EQ(a.min_percentile, b.min_percentile) << a.name;
    EXPECT_EQ(a.min_cvss, b.min_cvss) << a.name;
    EXPECT_EQ(a.fix_available, b.fix_available) << a.name;
    EXPECT_EQ(a.kinds, b.kinds) << a.name;
    EXPECT_EQ(a.exposures, b.exposures) << a.name;
    EXPECT_EQ(a.tier, b.tier) << a.name;
    EXPECT_EQ(a.because, b.because) << a.name;
  }
  EXPECT_EQ(loaded.fallback, builtin.fallback);
  EXPECT_EQ(loaded.fallback_because, builtin.fallback_because);
}

TEST(PolicyTest, FileSectionsReplaceTheDefaults) {
  auto policy = parse_policy("deadlines:\n  important: 7d\nnear_breach: 12h\n", "p.yaml");
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  EXPECT_EQ(policy->deadlines[1], std::chrono::days(7));
  EXPECT_EQ(policy->deadlines[2], std::chrono::days(31));
  EXPECT_EQ(policy->near_breach, std::chrono::hours(12));
  EXPECT_EQ(policy->file, "p.yaml");
}

TEST(PolicyTest, TypoInAKeyIsAnErrorNamingFileLineAndKey) {
  EXPECT_EQ(policy_error("deadlines:\n  critical: 24h\n  importnat: 7d\n").message,
            "p.yaml:3: unknown key 'deadlines.importnat'");
  EXPECT_EQ(policy_error("windows:\n  w:\n    rrul: FREQ=DAILY\n").message,
            "p.yaml:3: unknown key 'windows.w.rrul'");
  EXPECT_EQ(policy_error("near_breech: 1h\n").message, "p.yaml:1: unknown key 'near_breech'");
}

TEST(PolicyTest, InvalidRruleIsAnErrorNamingFileLineAndKey) {
  Error error = policy_error(
      "windows:\n  monthly:\n    rrule: FREQ=MONTHY;BYDAY=2TU\n    start: \"22:00\"\n"
      "    duration: 4h\n");
  EXPECT_EQ(error.message.rfind("p.yaml:3: key 'windows.monthly.rrule': invalid RRULE "
                                "'FREQ=MONTHY;BYDAY=2TU'",
                                0),
            0u)
      << error.message;
  EXPECT_EQ(error.message.find('\n'), std::string::npos);
}

TEST(PolicyTest, UnknownTimeZoneIsAnErrorNamingFileLineAndKey) {
  EXPECT_EQ(policy_error("timezone: Europe/Madird\n").message,
            "p.yaml:1: key 'timezone': unknown time zone 'Europe/Madird'");
  EXPECT_EQ(policy_error("windows:\n  w:\n    rrule: FREQ=DAILY\n    start: \"01:00\"\n"
                         "    duration: 1h\n    timezone: Mars/Olympus\n")
                .message,
            "p.yaml:6: key 'windows.w.timezone': unknown time zone 'Mars/Olympus'");
}

TEST(PolicyTest, ContradictoryHoldsAreAnError) {
  EXPECT_EQ(policy_error("packages:\n  hold: [openssl]\n  release: ['openssl*']\n").message,
            "p.yaml:3: key 'packages.release': 'openssl*' releases everything 'packages.hold' "
            "entry 'openssl' holds: contradictory holds");
}

TEST(PolicyTest, ExceptionsToAHoldAreAccepted) {
  auto policy = parse_policy("packages:\n  hold: ['linux-*']\n  release: [linux-libc-dev]\n", "p");
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
}

TEST(PolicyTest, DeploySectionIsReadAndShownBackByPolicyShow) {
  auto policy = parse_policy(
      "deploy:\n"
      "  concurrency: 4\n"
      "  failure_threshold: 10%\n"
      "  restart: restart\n"
      "  restart_allowed: [ssh.service]\n"
      "  apply_timeout: 1h\n"
      "  checks:\n"
      "    - {name: config, command: [nginx, -t], expected_exit: 0}\n"
      "    - {name: port, tcp: \"127.0.0.1:443\", timeout: 5s}\n"
      "    - {name: page, http: \"http://127.0.0.1:8080/health\"}\n",
      "p.yaml");
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  const DeploymentRules& d = policy->deploy;
  EXPECT_EQ(d.concurrency, 4);
  EXPECT_EQ(d.failure_percent, 10);
  EXPECT_EQ(d.restart, "restart");
  EXPECT_EQ(d.restart_allowed, std::vector<std::string>{"ssh.service"});
  EXPECT_EQ(d.apply_timeout, std::chrono::hours(1));
  EXPECT_EQ(d.lock_timeout, std::chrono::seconds(60));  // the default
  ASSERT_EQ(d.checks.size(), 3u);
  EXPECT_EQ(d.checks[0].command, (std::vector<std::string>{"nginx", "-t"}));
  EXPECT_EQ(d.checks[1].tcp, "127.0.0.1:443");
  EXPECT_EQ(d.checks[1].timeout, std::chrono::seconds(5));
  EXPECT_EQ(d.checks[2].http, "http://127.0.0.1:8080/health");
  // policy show prints it so that it reads back the same.
  auto again = parse_policy(effective_policy_text(*policy), "shown.yaml");
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(effective_policy_text(*again).substr(effective_policy_text(*again).find('\n')),
            effective_policy_text(*policy).substr(effective_policy_text(*policy).find('\n')));
  EXPECT_EQ(default_policy().deploy.concurrency, 1);
  EXPECT_TRUE(default_policy().deploy.checks.empty());
}

TEST(PolicyTest, BadDeployValuesAreErrorsNamingFileLineAndKey) {
  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {"deploy:\n  concurrency: 0\n", "p.yaml:2: key 'deploy.concurrency': "},
           {"deploy:\n  failure_threshold: 10 percent\n",
            "p.yaml:2: key 'deploy.failure_threshold': '10 percent' is not a count or a "
            "percentage such as 10%"},
           {"deploy:\n  restart: always\n", "p.yaml:2: key 'deploy.restart': "},
           {"deploy:\n  checks:\n    - {name: c}\n",
            "p.yaml:3: key 'deploy.checks[0]': needs exactly one of 'command', 'tcp', 'http'"},
           {"deploy:\n  checks:\n    - {name: c, tcp: host}\n",
            "p.yaml:3: key 'deploy.checks[0].tcp': 'host' is not HOST:PORT"},
           {"deploy:\n  checks:\n    - {name: c, http: \"ftp://x\"}\n",
            "p.yaml:3: key 'deploy.checks[0].http': must be an http:// or https:// URL"},
           {"deploy:\n  checks:\n    - {name: c, http: \"https:///x\"}\n",
            "p.yaml:3: key 'deploy.checks[0].http': URL has no host"},
           {"deploy:\n  checks:\n    - {name: c, comand: [true]}\n",
            "p.yaml:3: unknown key 'deploy.checks[0].comand'"},
           {"deploy:\n  concurency: 2\n", "p.yaml:2: unknown key 'deploy.concurency'"}}) {
    auto policy = parse_policy(text, "p.yaml");
    ASSERT_FALSE(policy.has_value()) << text;
    EXPECT_TRUE(policy.error().message.starts_with(message)) << policy.error().message;
  }
}

TEST(PolicyTest, BadValuesAreErrorsNamingTheirKey) {
  EXPECT_EQ(policy_error("deadlines:\n  minor: soon\n").message,
            "p.yaml:2: key 'deadlines.minor': 'soon' is not a duration (a number and a unit s, "
            "m, h, d or w)");
  EXPECT_EQ(policy_error("criticality:\n  high: -1\n").message,
            "p.yaml:2: key 'criticality.high': a factor is above 0 and at most 100");
  EXPECT_EQ(policy_error("default_class: gold\n").message,
            "p.yaml:1: key 'default_class': class 'gold' is not defined");
  EXPECT_EQ(policy_error("classes:\n  standard:\n    windows: [nightly]\n").message,
            "p.yaml:2: key 'classes.standard.windows': window 'nightly' is not defined");
  EXPECT_EQ(policy_error("rings:\n  - name: a\n    percentage: 101\n").message,
            "p.yaml:3: key 'rings[0].percentage': '101' is not a whole number from 1 to 100");
  EXPECT_EQ(policy_error("windows:\n  w:\n    rrule: FREQ=DAILY\n    start: \"25:00\"\n"
                         "    duration: 1h\n")
                .message,
            "p.yaml:4: key 'windows.w.start': '25:00' is not a time HH:MM");
  EXPECT_EQ(policy_error("tier_rules:\n  - name: x\n    tier: urgent\n").message,
            "p.yaml:3: key 'tier_rules[0].tier': 'urgent' is not one of critical, important, "
            "minor");
  EXPECT_EQ(policy_error("blackouts:\n  - from: 2026-12-24\n    until: 2026-12-20\n").message,
            "p.yaml:3: key 'blackouts[0].until': ends before it starts");
  EXPECT_EQ(policy_error("deadlines: [1\n").message.rfind("p.yaml:", 0), 0u);
}

constexpr const char* kRingPolicy =
    "rings:\n  - name: canary\n    tags: [canary]\n  - name: pilot\n    names: ['web-*']\n"
    "    soak: 1d\n  - name: broad\n";

TEST(HostsTest, HostsFileParses) {
  auto hosts = parse_hosts(
      "hosts:\n  - name: web-1\n    address: 10.0.0.1\n    class: standard\n    tags: [canary]\n"
      "    timezone: Europe/Madrid\n    overrides:\n      hold: ['linux-*']\n"
      "      release: [linux-libc-dev]\n      criticality: high\n",
      "h.yaml");
  ASSERT_TRUE(hosts.has_value()) << hosts.error().message;
  ASSERT_EQ(hosts->hosts.size(), 1u);
  const HostEntry& host = hosts->hosts[0];
  EXPECT_EQ(host.address, "10.0.0.1");
  EXPECT_EQ(host.timezone, "Europe/Madrid");
  EXPECT_EQ(host.overrides.criticality, Criticality::kHigh);
  EXPECT_EQ(host.where.line, 2);
}

TEST(HostsTest, BadHostsAreErrorsNamingFileLineAndKey) {
  auto error = [](const std::string& text) {
    auto hosts = parse_hosts(text, "h.yaml");
    return hosts ? std::string() : hosts.error().message;
  };
  EXPECT_EQ(error("hosts:\n  - name: a\n    timezone: America/New_Yrok\n"),
            "h.yaml:3: key 'hosts[0].timezone': unknown time zone 'America/New_Yrok'");
  EXPECT_EQ(error("hosts:\n  - name: a\n    adress: x\n"),
            "h.yaml:3: unknown key 'hosts[0].adress'");
  EXPECT_EQ(error("hosts:\n  - name: a\n  - name: a\n"),
            "h.yaml:3: key 'hosts[1].name': host 'a' is listed twice");
  EXPECT_EQ(error("hosts:\n  - name: a\n    overrides:\n      hold: [openssl]\n"
                  "      release: [openssl]\n"),
            "h.yaml:5: key 'hosts[0].overrides.release': 'openssl' releases everything "
            "'hosts[0].overrides.hold' entry 'openssl' holds: contradictory holds");
}

TEST(HostsTest, RingThatReferencesNoHostIsAnError) {
  auto policy = parse_policy(kRingPolicy, "p.yaml");
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  auto hosts = parse_hosts("hosts:\n  - name: db-1\n    tags: [canary]\n", "h.yaml");
  ASSERT_TRUE(hosts.has_value());
  auto status = check_hosts_against_policy(*hosts, *policy);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().message,
            "p.yaml:4: key 'rings[1]': ring 'pilot' references no host of 'h.yaml'");
  auto fixed = parse_hosts("hosts:\n  - name: db-1\n    tags: [canary]\n  - name: web-1\n", "h");
  ASSERT_TRUE(fixed.has_value());
  EXPECT_TRUE(check_hosts_against_policy(*fixed, *policy).has_value());
}

TEST(HostsTest, FindSeesEntriesAppendedAfterAnEarlierLookupAndCopies) {
  auto hosts = parse_hosts("hosts:\n  - name: a\n  - name: b\n", "h.yaml");
  ASSERT_TRUE(hosts.has_value());
  EXPECT_EQ(hosts->find("b"), &hosts->hosts[1]);
  EXPECT_EQ(hosts->find("c"), nullptr);
  hosts->hosts.push_back(HostEntry{});
  hosts->hosts.back().name = "c";
  EXPECT_EQ(hosts->find("c"), &hosts->hosts[2]);
  const HostsFile copy = *hosts;  // the copy's lookups point into the copy
  EXPECT_EQ(copy.find("a"), &copy.hosts[0]);
  hosts->hosts.clear();
  EXPECT_EQ(hosts->find("a"), nullptr);
}

TEST(HostsTest, ARingReachedThroughAClassTagReferencesItsHosts) {
  auto policy = parse_policy(
      "default_class: lab\nclasses:\n  lab:\n    tags: [canary]\nrings:\n  - name: canary\n    "
      "tags: [canary]\n"
      "  - name: rest\n",
      "p.yaml");
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  auto hosts = parse_hosts("hosts:\n  - name: go\n    class: lab\n", "h.yaml");
  ASSERT_TRUE(hosts.has_value());
  auto status = check_hosts_against_policy(*hosts, *policy);
  EXPECT_TRUE(status.has_value()) << status.error().message;
  EXPECT_EQ(ring_of(*policy, &hosts->hosts[0], "go", policy->classes.at("lab").tags), 0u);
}

TEST(HostsTest, TheBuiltInPolicysCanaryRingMayBeEmpty) {
  auto hosts = parse_hosts("hosts:\n  - name: go\n", "h.yaml");
  ASSERT_TRUE(hosts.has_value());
  auto status = check_hosts_against_policy(*hosts, default_policy());
  EXPECT_TRUE(status.has_value()) << status.error().message;
}

TEST(HostsTest, UnknownClassOrRingOfAHostIsAnError) {
  auto hosts = parse_hosts("hosts:\n  - name: a\n    class: gold\n", "h.yaml");
  ASSERT_TRUE(hosts.has_value());
  auto status = check_hosts_against_policy(*hosts, default_policy());
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().message,
            "h.yaml:2: key 'class': host 'a' names class 'gold', which '<default>' does not "
            "define");
}

}  // namespace
}  // namespace patchplan::plan

namespace patchplan::plan {
namespace {

TEST(PolicyTextTest, EffectivePolicyReadsBackToTheSamePolicy) {
  auto policy = parse_policy(
      "blackouts:\n  - {name: freeze, from: 2026-12-20, until: 2027-01-02}\n"
      "  - {name: close, rrule: \"FREQ=MONTHLY;BYMONTHDAY=-1\", start: \"00:00\", duration: 1d}\n"
      "packages:\n  hold: ['linux-*']\n  release: [linux-libc-dev]\n",
      "p.yaml");
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  std::string text = effective_policy_text(*policy);
  auto again = parse_policy(text, "effective.yaml");
  ASSERT_TRUE(again.has_value()) << again.error().message << "\n" << text;
  std::string round_trip = effective_policy_text(*again);
  EXPECT_EQ(round_trip.substr(round_trip.find('\n')), text.substr(text.find('\n')));
  EXPECT_NE(text.find("min_epss: 0.1\n"), std::string::npos) << text;
  EXPECT_EQ(again->blackouts.size(), 2u);
  EXPECT_EQ(again->packages.release, std::vector<std::string>{"linux-libc-dev"});
  EXPECT_EQ(again->tier_rules.rules.size(), vulns::RankingPolicy::default_policy().rules.size());
}

TEST(PolicyTextTest, ClassTierRulesAreShownAndReadBack) {
  auto policy = parse_policy(
      "classes:\n  standard:\n    windows: [monthly]\n  lab:\n    windows: [weekly]\n"
      "    tier_rules:\n      - {name: rest, tier: minor, because: lab host}\n",
      "p.yaml");
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  ASSERT_TRUE(policy->classes.at("lab").tier_rules.has_value());
  EXPECT_FALSE(policy->classes.at("standard").tier_rules.has_value());
  const vulns::RankingPolicy lab = policy->tier_rules_for(policy->classes.at("lab"));
  ASSERT_EQ(lab.rules.size(), 1u);
  EXPECT_EQ(lab.fallback, policy->tier_rules.fallback);
  EXPECT_EQ(policy->tier_rules_for(policy->classes.at("standard")).rules.size(),
            policy->tier_rules.rules.size());
  std::string text = effective_policy_text(*policy);
  auto again = parse_policy(text, "effective.yaml");
  ASSERT_TRUE(again.has_value()) << again.error().message << "\n" << text;
  ASSERT_TRUE(again->classes.at("lab").tier_rules.has_value()) << text;
  EXPECT_EQ(again->classes.at("lab").tier_rules->at(0).because, "lab host");

  auto bad = parse_policy("classes:\n  lab:\n    tier_rules: {name: x}\n", "p.yaml");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message,
            "p.yaml:3: key 'classes.lab.tier_rules': expected a list of rules");
}

}  // namespace
}  // namespace patchplan::plan
