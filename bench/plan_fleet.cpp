// The plan benchmarks' fleet, generated deterministically from the host number.
#include "plan_fleet.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace patchplan::bench {
namespace {

const char* const kZones[] = {"UTC", "Europe/Madrid", "America/New_York", "Asia/Tokyo",
                              "Australia/Sydney"};
const char* const kClasses[] = {"standard", "vital", "lab"};

}  // namespace

const char* const kFleetPolicy = R"(classes:
  standard:
    windows: [monthly, weekly, emergency]
  vital:
    criticality: critical
    windows: [monthly, emergency]
  lab:
    criticality: low
    environment: test
    windows: [weekly]
)";

std::string fleet_hosts_yaml(int hosts) {
  std::string out = "hosts:\n";
  for (int i = 0; i < hosts; ++i) {
    out += fmt::format("  - {{name: host-{:05}, class: {}, timezone: {}{}}}\n", i, kClasses[i % 3],
                       kZones[i % 5], i % 100 == 0 ? ", tags: [canary]" : "");
  }
  return out;
}

std::vector<plan::HostFindings> fleet_findings(int hosts, plan::Instant now) {
  std::vector<plan::HostFindings> out;
  out.reserve(static_cast<std::size_t>(hosts));
  for (int i = 0; i < hosts; ++i) {
    plan::HostFindings host;
    host.host = fmt::format("host-{:05}", i);
    host.assessed_at = now - std::chrono::hours(1);
    for (int u = 0; u < kUpdatesPerHost; ++u) {
      plan::PendingPackage p;
      p.package = fmt::format("package-{}", (i * 7 + u * 13) % 600);
      p.architecture = "amd64";
      p.installed_version = "1.0-1";
      p.candidate_version = fmt::format("1.0-{}", 2 + u % 3);
      p.security = u % 4 == 0;
      p.tier = p.security ? plan::Tier::kImportant : plan::Tier::kMinor;
      p.tier_reason = p.security ? "security update" : "regular update";
      p.first_seen = now - std::chrono::hours(u % 72);  // seen in the last three days
      host.updates.push_back(std::move(p));
    }
    for (int f = 0; f < kFindingsPerHost; ++f) {
      const plan::PendingPackage& on = host.updates[static_cast<std::size_t>(f * 2)];
      plan::FindingFacts facts;
      facts.vulnerability = fmt::format("CVE-2026-{:05}", (i + f * 31) % 5000);
      facts.package = on.package;
      facts.fixed_version = on.candidate_version;
      facts.kev = (i + f) % 97 == 0;
      facts.urgency = f % 3 == 0 ? "high" : (f % 3 == 1 ? "medium" : "low");
      if (f % 5 == 0) facts.epss = 0.2;
      facts.discovered = on.first_seen;
      host.findings.push_back(std::move(facts));
    }
    out.push_back(std::move(host));
  }
  return out;
}

std::string fleet_snapshot(const plan::HostFindings& host) {
  using nlohmann::json;
  auto stamp = [](plan::Instant at) { return fmt::format("{:%Y-%m-%dT%H:%M:%S}.000Z", at); };
  json pending = json::array();
  for (const auto& p : host.updates) {
    pending.push_back({{"package", p.package},
                       {"architecture", p.architecture},
                       {"installed_version", p.installed_version},
                       {"candidate_version", p.candidate_version},
                       {"source", p.package},
                       {"security", p.security},
                       {"held", false},
                       {"priority", tier_name(p.tier)},
                       {"priority_reason", p.tier_reason},
                       {"pending_since", stamp(p.first_seen)}});
  }
  json findings = json::array();
  for (const auto& f : host.findings) {
    json finding = {{"vulnerability", f.vulnerability},
                    {"package", f.package},
                    {"kind", "fixed-by-update"},
                    {"urgency", f.urgency},
                    {"kev", {{"listed", f.kev}}},
                    {"exposure", {{"kind", "package"}}},
                    {"fix", {{"version", f.fixed_version}}}};
    if (f.epss) finding["epss"] = {{"probability", *f.epss}, {"percentile", 0.9}};
    findings.push_back(std::move(finding));
  }
  return json{{"schema_version", 1},
              {"kind", "assessment"},
              {"pending_updates", std::move(pending)},
              {"vulnerabilities", {{"findings", std::move(findings)}}}}
      .dump();
}

}  // namespace patchplan::bench
