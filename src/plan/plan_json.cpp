// plan_to_json: every section of the plan, times in UTC and in the host's zone.
#include "plan/plan_json.hpp"

namespace patchplan::plan {
namespace {

using nlohmann::json;

json optional_instant(const std::optional<Instant>& at) {
  return at ? json(format_instant(*at)) : json(nullptr);
}

json update_to_json(const PlannedUpdate& u) {
  json findings = json::array();
  for (const auto& f : u.findings) {
    findings.push_back({{"vulnerability", f.vulnerability},
                        {"tier", tier_name(f.tier)},
                        {"because", f.because},
                        {"discovered", format_instant(f.discovered)},
                        {"due", format_instant(f.due)},
                        {"state", due_state_name(f.state)}});
  }
  return {{"package", u.package},
          {"architecture", u.architecture},
          {"installed_version", u.installed_version},
          {"candidate_version", u.candidate_version},
          {"tier", tier_name(u.tier)},
          {"tier_reason", u.tier_reason},
          {"first_seen", format_instant(u.first_seen)},
          {"due", format_instant(u.due)},
          {"state", due_state_name(u.state)},
          {"needs_approval", u.needs_approval},
          {"needs_reboot", u.needs_reboot},
          {"note", u.note},
          {"findings", std::move(findings)}};
}

json skipped_to_json(const std::vector<SkippedUpdate>& list) {
  json out = json::array();
  for (const auto& s : list) {
    out.push_back({{"host", s.host},
                   {"package", s.package},
                   {"candidate_version", s.candidate_version},
                   {"reason", s.reason}});
  }
  return out;
}

}  // namespace

json plan_to_json(const Plan& plan) {
  json waves = json::array();
  for (const auto& wave : plan.waves) {
    json hosts = json::array();
    for (const auto& h : wave.hosts) {
      json updates = json::array();
      for (const auto& u : h.updates) updates.push_back(update_to_json(u));
      hosts.push_back({{"host", h.host},
                       {"slot", format_instant(h.slot)},
                       {"local_slot", format_local(h.local_slot)},
                       {"reboot", h.reboot},
                       {"rescheduled", h.rescheduled},
                       {"updates", std::move(updates)}});
    }
    waves.push_back({{"number", wave.number},
                     {"ring", wave.ring},
                     {"ring_order", wave.ring_order},
                     {"window", wave.window},
                     {"kind", window_kind_name(wave.kind)},
                     {"zone", wave.zone},
                     {"local_start", format_local(wave.local_start)},
                     {"local_end", format_local(wave.local_end)},
                     {"start", format_instant(wave.start)},
                     {"end", format_instant(wave.end)},
                     {"hosts", std::move(hosts)}});
  }
  json emergencies = json::array();
  for (const auto& e : plan.emergencies) {
    emergencies.push_back({{"host", e.host},
                           {"package", e.package},
                           {"candidate_version", e.candidate_version},
                           {"vulnerability", e.vulnerability},
                           {"tier", tier_name(e.tier)},
                           {"due", format_instant(e.due)},
                           {"scheduled", optional_instant(e.scheduled)},
                           {"reason", e.reason}});
  }
  json near = json::array();
  for (const auto& n : plan.near_breaches) {
    near.push_back({{"host", n.host},
                    {"package", n.package},
                    {"vulnerability", n.vulnerability},
                    {"due", format_instant(n.due)},
                    {"scheduled", format_instant(n.scheduled)}});
  }
  json missed = json::array();
  for (const auto& m : plan.missed_windows) {
    missed.push_back({{"host", m.host},
                      {"window", m.window},
                      {"missed_start", format_instant(m.missed_start)},
                      {"rescheduled", optional_instant(m.rescheduled)}});
  }
  json without = json::array();
  for (const auto& h : plan.hosts_without_window) {
    without.push_back({{"host", h.host}, {"reason", h.reason}});
  }
  json blacked = json::array();
  for (const auto& b : plan.blacked_out) {
    blacked.push_back({{"window", b.window}, {"zone", b.zone}, {"start", format_instant(b.start)}});
  }
  return {{"schema_version", kPlanSchemaVersion},
          {"kind", "plan"},
          {"now", format_instant(plan.now)},
          {"from", format_instant(plan.from)},
          {"until", format_instant(plan.until)},
          {"policy", plan.policy},
          {"waves", std::move(waves)},
          {"emergencies", std::move(emergencies)},
          {"near_breaches", std::move(near)},
          {"missed_windows", std::move(missed)},
          {"hosts_without_window", std::move(without)},
          {"excluded", skipped_to_json(plan.excluded)},
          {"held", skipped_to_json(plan.held)},
          {"unscheduled", skipped_to_json(plan.unscheduled)},
          {"unclassified", plan.unclassified},
          {"not_assessed", plan.not_assessed},
          {"blacked_out", std::move(blacked)}};
}

}  // namespace patchplan::plan
