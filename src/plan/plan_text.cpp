// plan_text: the human form of a plan.
#include <iterator>

#include "plan/plan_output.hpp"

namespace patchplan::plan {
namespace {

std::string hhmm(LocalTime local) { return format_local(local).substr(11, 5); }

void skipped_section(std::string& out, const std::vector<SkippedUpdate>& list, const char* title) {
  if (list.empty()) return;
  fmt::format_to(std::back_inserter(out), "\n{} ({}):\n", title, list.size());
  for (const auto& s : list) {
    fmt::format_to(std::back_inserter(out), "  {:<20} {} {}: {}\n", s.host, s.package,
                   s.candidate_version, s.reason);
  }
}

void names_section(std::string& out, const std::vector<std::string>& list, const char* title) {
  if (list.empty()) return;
  fmt::format_to(std::back_inserter(out), "\n{} ({}):\n", title, list.size());
  for (const auto& name : list) fmt::format_to(std::back_inserter(out), "  {}\n", name);
}

void waves_section(std::string& out, const Plan& plan) {
  auto o = std::back_inserter(out);
  if (plan.waves.empty()) fmt::format_to(o, "\nno waves: nothing to install\n");
  for (const auto& wave : plan.waves) {
    fmt::format_to(o, "\nwave {}: ring {}, window {} ({}), {} {} .. {} ({} .. {})\n", wave.number,
                   wave.ring, wave.window, window_kind_name(wave.kind), wave.zone,
                   format_local(wave.local_start), format_local(wave.local_end),
                   format_instant(wave.start), format_instant(wave.end));
    for (const auto& host : wave.hosts) {
      fmt::format_to(o, "  {} at {} ({}), {}{}\n", host.host, hhmm(host.local_slot),
                     format_instant(host.slot), host.reboot,
                     host.rescheduled ? ", rescheduled after a missed window" : "");
      for (const auto& u : host.updates) {
        std::string flags;
        if (u.needs_approval) flags += ", needs approval";
        if (!u.note.empty()) flags += ", " + u.note;
        fmt::format_to(o, "    {} {} -> {}  {} due {} {}{}\n", u.package, u.installed_version,
                       u.candidate_version, tier_name(u.tier), format_instant(u.due),
                       due_state_name(u.state), flags);
        for (const auto& f : u.findings) {
          fmt::format_to(o, "      {} {} due {} {} ({})\n", f.vulnerability, tier_name(f.tier),
                         format_instant(f.due), due_state_name(f.state), f.because);
        }
      }
    }
  }
}

}  // namespace

std::string plan_text(const Plan& plan) {
  std::string out;
  auto o = std::back_inserter(out);
  fmt::format_to(o, "plan from {} until {} (policy {}, made at {})\n", format_instant(plan.from),
                 format_instant(plan.until), plan.policy, format_instant(plan.now));
  waves_section(out, plan);
  if (!plan.emergencies.empty()) {
    fmt::format_to(o, "\nemergency changes ({}):\n", plan.emergencies.size());
    for (const auto& e : plan.emergencies) {
      fmt::format_to(o, "  {:<20} {} {}{}: {}\n", e.host, e.package, e.candidate_version,
                     e.vulnerability.empty() ? "" : " " + e.vulnerability, e.reason);
    }
  }
  if (!plan.near_breaches.empty()) {
    fmt::format_to(o, "\nnear-breaches ({}):\n", plan.near_breaches.size());
    for (const auto& n : plan.near_breaches) {
      fmt::format_to(o, "  {:<20} {} {} due {}, scheduled {}\n", n.host, n.package, n.vulnerability,
                     format_instant(n.due), format_instant(n.scheduled));
    }
  }
  if (!plan.missed_windows.empty()) {
    fmt::format_to(o, "\nmissed windows ({}):\n", plan.missed_windows.size());
    for (const auto& m : plan.missed_windows) {
      fmt::format_to(o, "  {:<20} missed {} at {}, rescheduled to {}\n", m.host, m.window,
                     format_instant(m.missed_start),
                     m.rescheduled ? format_instant(*m.rescheduled) : "no window");
    }
  }
  if (!plan.hosts_without_window.empty()) {
    fmt::format_to(o, "\nhosts without a window ({}):\n", plan.hosts_without_window.size());
    for (const auto& h : plan.hosts_without_window) {
      fmt::format_to(o, "  {:<20} {}\n", h.host, h.reason);
    }
  }
  skipped_section(out, plan.excluded, "excluded updates");
  skipped_section(out, plan.held, "held updates");
  skipped_section(out, plan.unscheduled, "updates without a feasible window");
  names_section(out, plan.unclassified, "unclassified hosts (default class)");
  names_section(out, plan.not_assessed, "hosts in the hosts file never assessed");
  if (!plan.blacked_out.empty()) {
    fmt::format_to(o, "\nwindows dropped by blackouts ({}):\n", plan.blacked_out.size());
    for (const auto& b : plan.blacked_out) {
      fmt::format_to(o, "  {} {} {}\n", b.window, b.zone, format_instant(b.start));
    }
  }
  return out;
}

}  // namespace patchplan::plan
