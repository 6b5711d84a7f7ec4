// effective_policy_text with yaml-cpp's emitter.
#include "plan/policy_text.hpp"

#include <yaml-cpp/yaml.h>

namespace patchplan::plan {
namespace {

std::string duration_text(Seconds value) {
  auto s = value.count();
  if (s != 0 && s % 86400 == 0) return fmt::format("{}d", s / 86400);
  if (s != 0 && s % 3600 == 0) return fmt::format("{}h", s / 3600);
  if (s != 0 && s % 60 == 0) return fmt::format("{}m", s / 60);
  return fmt::format("{}s", s);
}

std::string clock_text(int minutes) {
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

void strings(YAML::Emitter& out, const char* key, const std::vector<std::string>& values) {
  out << YAML::Key << key << YAML::Value << YAML::Flow << values;
}

void window_body(YAML::Emitter& out, const WindowSpec& w) {
  out << YAML::Key << "rrule" << YAML::Value << w.rrule;
  out << YAML::Key << "anchor" << YAML::Value << w.anchor;
  out << YAML::Key << "start" << YAML::Value << YAML::DoubleQuoted << clock_text(w.start_minute);
  out << YAML::Key << "duration" << YAML::Value << duration_text(w.duration);
  out << YAML::Key << "timezone" << YAML::Value << (w.timezone.empty() ? "host" : w.timezone);
}

void rule_list(YAML::Emitter& out, const std::vector<vulns::RankingRule>& rules) {
  out << YAML::Key << "tier_rules" << YAML::Value << YAML::BeginSeq;
  for (const auto& r : rules) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << r.name;
    if (r.kev) out << YAML::Key << "kev" << YAML::Value << *r.kev;
    if (!r.urgencies.empty()) strings(out, "urgencies", r.urgencies);
    if (r.min_epss) out << YAML::Key << "min_epss" << YAML::Value << *r.min_epss;
    if (r.min_percentile) out << YAML::Key << "min_percentile" << YAML::Value << *r.min_percentile;
    if (r.min_cvss) out << YAML::Key << "min_cvss" << YAML::Value << *r.min_cvss;
    if (r.fix_available) out << YAML::Key << "fix_available" << YAML::Value << *r.fix_available;
    std::vector<std::string> kinds;
    for (auto k : r.kinds) kinds.emplace_back(vulns::finding_kind_name(k));
    if (!kinds.empty()) strings(out, "kinds", kinds);
    std::vector<std::string> exposures;
    for (auto e : r.exposures) exposures.emplace_back(vulns::exposure_name(e));
    if (!exposures.empty()) strings(out, "exposures", exposures);
    out << YAML::Key << "tier" << YAML::Value << std::string(tier_name(r.tier));
    out << YAML::Key << "because" << YAML::Value << r.because << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void tier_rules(YAML::Emitter& out, const vulns::RankingPolicy& rules) {
  rule_list(out, rules.rules);
  out << YAML::Key << "tier_fallback" << YAML::Value << YAML::BeginMap << YAML::Key << "tier"
      << YAML::Value << std::string(tier_name(rules.fallback)) << YAML::Key << "because"
      << YAML::Value << rules.fallback_because << YAML::EndMap;
}

}  // namespace

std::string effective_policy_text(const Policy& p) {
  YAML::Emitter out;
  out.SetDoublePrecision(12);
  out << YAML::BeginMap;
  out << YAML::Key << "deadlines" << YAML::Value << YAML::BeginMap;
  for (Tier t : {Tier::kCritical, Tier::kImportant, Tier::kMinor}) {
    out << YAML::Key << std::string(tier_name(t)) << YAML::Value
        << duration_text(p.deadlines[static_cast<std::size_t>(t)]);
  }
  out << YAML::EndMap;
  out << YAML::Key << "near_breach" << YAML::Value << duration_text(p.near_breach);
  out << YAML::Key << "criticality" << YAML::Value << YAML::BeginMap;
  for (const auto& [level, factor] : p.criticality_factor) {
    out << YAML::Key << std::string(criticality_name(level)) << YAML::Value << factor;
  }
  out << YAML::EndMap;
  out << YAML::Key << "timezone" << YAML::Value << p.timezone;
  out << YAML::Key << "default_class" << YAML::Value << p.default_class;
  out << YAML::Key << "classes" << YAML::Value << YAML::BeginMap;
  for (const auto& [name, c] : p.classes) {
    out << YAML::Key << name << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "criticality" << YAML::Value
        << std::string(criticality_name(c.criticality));
    out << YAML::Key << "environment" << YAML::Value
        << std::string(environment_name(c.environment));
    strings(out, "roles", c.roles);
    strings(out, "tags", c.tags);
    strings(out, "windows", c.windows);
    if (c.reboot)
      out << YAML::Key << "reboot" << YAML::Value << std::string(reboot_policy_name(*c.reboot));
    if (c.tier_rules) rule_list(out, *c.tier_rules);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  out << YAML::Key << "windows" << YAML::Value << YAML::BeginMap;
  for (const auto& [name, w] : p.windows) {
    out << YAML::Key << name << YAML::Value << YAML::BeginMap;
    window_body(out, w);
    out << YAML::Key << "kind" << YAML::Value << std::string(window_kind_name(w.kind))
        << YAML::EndMap;
  }
  out << YAML::EndMap;
  out << YAML::Key << "blackouts" << YAML::Value << YAML::BeginSeq;
  for (const auto& b : p.blackouts) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << b.name;
    if (b.recurrence) {
      window_body(out, *b.recurrence);
    } else {
      out << YAML::Key << "from" << YAML::Value << b.from << YAML::Key << "until" << YAML::Value
          << b.until << YAML::Key << "timezone" << YAML::Value
          << (b.timezone.empty() ? "host" : b.timezone);
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "rings" << YAML::Value << YAML::BeginSeq;
  for (const auto& r : p.rings) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << r.name;
    if (!r.tags.empty()) strings(out, "tags", r.tags);
    if (!r.names.empty()) strings(out, "names", r.names);
    if (r.percentage) out << YAML::Key << "percentage" << YAML::Value << *r.percentage;
    out << YAML::Key << "soak" << YAML::Value << duration_text(r.soak) << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "spreading" << YAML::Value << YAML::BeginMap << YAML::Key << "portion"
      << YAML::Value << p.spreading.portion << YAML::Key << "step" << YAML::Value
      << duration_text(p.spreading.step) << YAML::EndMap;
  const PackageRules& pk = p.packages;
  out << YAML::Key << "packages" << YAML::Value << YAML::BeginMap;
  strings(out, "exclude", pk.exclude);
  strings(out, "hold", pk.hold);
  strings(out, "release", pk.release);
  strings(out, "require_approval", pk.require_approval);
  strings(out, "reboot_required", pk.reboot_required);
  out << YAML::Key << "reboot" << YAML::Value << std::string(reboot_policy_name(pk.reboot));
  out << YAML::EndMap;
  const DeploymentRules& d = p.deploy;
  out << YAML::Key << "deploy" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "concurrency" << YAML::Value << d.concurrency;
  out << YAML::Key << "failure_threshold" << YAML::Value
      << (d.failure_percent ? fmt::format("{}%", *d.failure_percent)
                            : std::to_string(d.failure_threshold));
  out << YAML::Key << "restart" << YAML::Value << d.restart;
  strings(out, "restart_allowed", d.restart_allowed);
  out << YAML::Key << "keep_old_conffiles" << YAML::Value << d.keep_old_conffiles;
  out << YAML::Key << "repair_interrupted" << YAML::Value << d.repair_interrupted;
  out << YAML::Key << "lock_timeout" << YAML::Value << duration_text(d.lock_timeout);
  out << YAML::Key << "apply_timeout" << YAML::Value << duration_text(d.apply_timeout);
  out << YAML::Key << "checks" << YAML::Value << YAML::BeginSeq;
  for (const auto& c : d.checks) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << c.name;
    if (!c.command.empty()) {
      strings(out, "command", c.command);
      out << YAML::Key << "expected_exit" << YAML::Value << c.expected_exit;
    }
    if (!c.tcp.empty()) out << YAML::Key << "tcp" << YAML::Value << c.tcp;
    if (!c.http.empty()) out << YAML::Key << "http" << YAML::Value << c.http;
    out << YAML::Key << "timeout" << YAML::Value << duration_text(c.timeout) << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  tier_rules(out, p.tier_rules);
  out << YAML::EndMap;
  return fmt::format("# effective policy: {} over patchplan's defaults\n{}\n", p.file, out.c_str());
}

}  // namespace patchplan::plan
