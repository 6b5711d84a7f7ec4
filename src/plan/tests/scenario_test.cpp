// Scenario tests: each file in tests/scenarios is (policy, hosts, findings, now) and the
// expected plan, as summary lines per section, or the expected one-line error.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "plan/planner.hpp"
#include "plan/policy_loader.hpp"
#include "plan/yaml_fields.hpp"

namespace patchplan::plan {
namespace {

namespace fs = std::filesystem;

const fs::path kScenarios = fs::path(PATCHPLAN_SOURCE_DIR) / "src/plan/tests/scenarios";

std::string hhmm(LocalTime t) { return format_local(t).substr(11); }

std::map<std::string, std::vector<std::string>> summarise(const Plan& plan) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& wave : plan.waves) {
    std::string hosts;
    for (const auto& h : wave.hosts) {
      hosts += fmt::format("{}{}@{}{}", hosts.empty() ? "" : ", ", h.host, hhmm(h.local_slot),
                           h.rescheduled ? " (rescheduled)" : "");
      for (const auto& u : h.updates) {
        out["updates"].push_back(fmt::format(
            "{} {} {} {} due {} {}{}{}", h.host, u.package, u.candidate_version, tier_name(u.tier),
            format_instant(u.due), due_state_name(u.state), u.needs_approval ? " approval" : "",
            u.note.empty() ? "" : " (" + u.note + ")"));
        for (const auto& f : u.findings) {
          out["findings"].push_back(fmt::format("{} {} {} {} due {} {}", h.host, u.package,
                                                f.vulnerability, tier_name(f.tier),
                                                format_instant(f.due), due_state_name(f.state)));
        }
      }
      out["reboots"].push_back(fmt::format("{} {}", h.host, h.reboot));
    }
    out["waves"].push_back(fmt::format("{} {} {} {}..{} ({}..{}): {}", wave.ring, wave.window,
                                       wave.zone, format_local(wave.local_start),
                                       format_local(wave.local_end), format_instant(wave.start),
                                       format_instant(wave.end), hosts));
  }
  for (const auto& e : plan.emergencies) {
    out["emergencies"].push_back(fmt::format("{} {} {} due {}: {}", e.host, e.package,
                                             e.vulnerability.empty() ? "-" : e.vulnerability,
                                             format_instant(e.due), e.reason));
  }
  for (const auto& n : plan.near_breaches) {
    out["near_breaches"].push_back(fmt::format("{} {} {} due {} at {}", n.host, n.package,
                                               n.vulnerability.empty() ? "-" : n.vulnerability,
                                               format_instant(n.due), format_instant(n.scheduled)));
  }
  for (const auto& m : plan.missed_windows) {
    out["missed_windows"].push_back(
        fmt::format("{} missed {} {} -> {}", m.host, m.window, format_instant(m.missed_start),
                    m.rescheduled ? format_instant(*m.rescheduled) : "none"));
  }
  for (const auto& h : plan.hosts_without_window) {
    out["hosts_without_window"].push_back(fmt::format("{}: {}", h.host, h.reason));
  }
  for (auto [key, list] : {std::pair{"excluded", &plan.excluded},
                           {"held", &plan.held},
                           {"unscheduled", &plan.unscheduled}}) {
    for (const auto& s : *list) {
      out[key].push_back(
          fmt::format("{} {} {}: {}", s.host, s.package, s.candidate_version, s.reason));
    }
  }
  for (const auto& b : plan.blacked_out) {
    out["blacked_out"].push_back(
        fmt::format("{} {} {}", b.window, b.zone, format_instant(b.start)));
  }
  out["unclassified"] = plan.unclassified;
  out["not_assessed"] = plan.not_assessed;
  return out;
}

Instant instant(const YAML::Node& node) {
  auto value = parse_instant(node.Scalar());
  EXPECT_TRUE(value.has_value()) << node.Scalar();
  return value ? *value : Instant{};
}

Tier tier_of(const std::string& name) {
  if (name == "critical") return Tier::kCritical;
  if (name == "important") return Tier::kImportant;
  return Tier::kMinor;
}

std::vector<HostFindings> read_findings(const YAML::Node& list) {
  std::vector<HostFindings> out;
  for (const auto& node : list) {
    HostFindings host;
    host.host = node["host"].Scalar();
    host.assessed_at = instant(node["assessed_at"]);
    for (const auto& u : node["updates"]) {
      PendingPackage p;
      p.package = u["package"].Scalar();
      p.architecture = u["architecture"] ? u["architecture"].Scalar() : "amd64";
      p.installed_version = u["installed"].Scalar();
      p.candidate_version = u["candidate"].Scalar();
      p.security = u["security"] && u["security"].as<bool>();
      p.tier = tier_of(u["tier"] ? u["tier"].Scalar() : "minor");
      p.tier_reason = "scenario";
      p.first_seen = instant(u["first_seen"]);
      host.updates.push_back(std::move(p));
    }
    for (const auto& f : node["findings"]) {
      FindingFacts facts;
      facts.vulnerability = f["vulnerability"].Scalar();
      facts.package = f["package"].Scalar();
      facts.kev = f["kev"] && f["kev"].as<bool>();
      facts.urgency = f["urgency"] ? f["urgency"].Scalar() : "";
      if (f["epss"]) facts.epss = f["epss"].as<double>();
      facts.discovered = instant(f["discovered"]);
      host.findings.push_back(std::move(facts));
    }
    out.push_back(std::move(host));
  }
  return out;
}

class ScenarioTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioTest, PlanIsTheExpectedOne) {
  const fs::path file = kScenarios / GetParam();
  auto text = read_text_file(file.string());
  ASSERT_TRUE(text.has_value()) << text.error().message;
  YAML::Node scenario = YAML::Load(*text);
  const YAML::Node expect = scenario["expect"];
  const std::string name = file.filename().string();

  auto policy =
      parse_policy(scenario["policy"] ? scenario["policy"].Scalar() : "", name + "#policy");
  Expected<HostsFile> hosts =
      parse_hosts(scenario["hosts"] ? scenario["hosts"].Scalar() : "", name + "#hosts");
  Status checked = ok();
  if (policy && hosts) checked = check_hosts_against_policy(*hosts, *policy);
  std::string error = !policy    ? policy.error().message
                      : !hosts   ? hosts.error().message
                      : !checked ? checked.error().message
                                 : "";
  if (expect["error"]) {
    EXPECT_EQ(error, expect["error"].Scalar());
    return;
  }
  ASSERT_EQ(error, "");

  PlanInput input;
  input.policy = &*policy;
  input.hosts = &*hosts;
  input.findings = read_findings(scenario["findings"]);
  input.now = instant(scenario["now"]);
  if (scenario["from"]) input.from = instant(scenario["from"]);
  if (scenario["until"]) input.until = instant(scenario["until"]);
  auto plan = make_plan(input);
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  auto summary = summarise(*plan);
  // Every listed section is compared (a name summarise does not know is an error, not an
  // empty section); the waves are always listed; a report section that is not listed
  // must be empty, so no emergency or skipped update goes unseen.
  static const std::set<std::string> kSections = {
      "updates",      "findings",      "reboots",        "waves",
      "emergencies",  "near_breaches", "missed_windows", "hosts_without_window",
      "excluded",     "held",          "unscheduled",    "blacked_out",
      "unclassified", "not_assessed"};
  static const std::set<std::string> kEmptyUnlessListed = {
      "emergencies", "near_breaches", "missed_windows", "hosts_without_window",
      "excluded",    "held",          "unscheduled"};
  EXPECT_TRUE(expect["waves"]) << name << ": expect lists no waves";
  for (const auto& section : expect) {
    const std::string key = section.first.Scalar();
    EXPECT_TRUE(kSections.contains(key)) << name << ": unknown expect section '" << key << "'";
    std::vector<std::string> want;
    for (const auto& line : section.second) want.push_back(line.Scalar());
    auto found = summary.find(key);
    EXPECT_EQ(found == summary.end() ? std::vector<std::string>{} : found->second, want)
        << name << " section " << key;
  }
  for (const auto& key : kEmptyUnlessListed) {
    if (expect[key]) continue;
    auto found = summary.find(key);
    EXPECT_TRUE(found == summary.end() || found->second.empty())
        << name << ": section " << key << " is not listed in expect but the plan has "
        << ::testing::PrintToString(found->second);
  }

  // Deterministic: the same input gives the same plan.
  auto again = make_plan(input);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(summarise(*again), summary);
}

std::vector<std::string> scenario_files() {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(kScenarios)) {
    if (entry.path().extension() == ".yaml") out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioTest, ::testing::ValuesIn(scenario_files()),
                         [](const auto& param_info) {
                           std::string name =
                               param_info.param.substr(0, param_info.param.size() - 5);
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace patchplan::plan
