// plan_text: the human form of a plan document.
#include <iterator>

#include "plan/plan_output.hpp"

namespace patchplan::plan {
namespace {

using nlohmann::json;

std::string s(const json& value, const char* key) {
  auto it = value.find(key);
  return it != value.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string hhmm(const std::string& local) {
  return local.size() >= 16 ? local.substr(11, 5) : local;
}

void list_section(std::string& out, const json& plan, const char* key, const char* title) {
  const json& list = plan.at(key);
  if (list.empty()) return;
  fmt::format_to(std::back_inserter(out), "\n{} ({}):\n", title, list.size());
  for (const auto& item : list) {
    if (item.is_string()) {
      fmt::format_to(std::back_inserter(out), "  {}\n", item.get<std::string>());
    } else {
      fmt::format_to(std::back_inserter(out), "  {:<20} {} {}: {}\n", s(item, "host"),
                     s(item, "package"), s(item, "candidate_version"), s(item, "reason"));
    }
  }
}

}  // namespace

std::string plan_text(const json& plan) {
  std::string out;
  auto o = std::back_inserter(out);
  fmt::format_to(o, "plan from {} until {} (policy {}, made at {})\n", s(plan, "from"),
                 s(plan, "until"), s(plan, "policy"), s(plan, "now"));
  if (plan.at("waves").empty()) fmt::format_to(o, "\nno waves: nothing to install\n");
  for (const auto& wave : plan.at("waves")) {
    fmt::format_to(o, "\nwave {}: ring {}, window {} ({}), {} {} .. {} ({} .. {})\n",
                   wave.at("number").get<int>(), s(wave, "ring"), s(wave, "window"),
                   s(wave, "kind"), s(wave, "zone"), s(wave, "local_start"), s(wave, "local_end"),
                   s(wave, "start"), s(wave, "end"));
    for (const auto& host : wave.at("hosts")) {
      fmt::format_to(
          o, "  {} at {} ({}), {}{}\n", s(host, "host"), hhmm(s(host, "local_slot")),
          s(host, "slot"), s(host, "reboot"),
          host.at("rescheduled").get<bool>() ? ", rescheduled after a missed window" : "");
      for (const auto& u : host.at("updates")) {
        std::string flags;
        if (u.at("needs_approval").get<bool>()) flags += ", needs approval";
        if (!s(u, "note").empty()) flags += ", " + s(u, "note");
        fmt::format_to(o, "    {} {} -> {}  {} due {} {}{}\n", s(u, "package"),
                       s(u, "installed_version"), s(u, "candidate_version"), s(u, "tier"),
                       s(u, "due"), s(u, "state"), flags);
        for (const auto& f : u.at("findings")) {
          fmt::format_to(o, "      {} {} due {} {} ({})\n", s(f, "vulnerability"), s(f, "tier"),
                         s(f, "due"), s(f, "state"), s(f, "because"));
        }
      }
    }
  }
  const json& emergencies = plan.at("emergencies");
  if (!emergencies.empty()) {
    fmt::format_to(o, "\nemergency changes ({}):\n", emergencies.size());
    for (const auto& e : emergencies) {
      fmt::format_to(
          o, "  {:<20} {} {}{}: {}\n", s(e, "host"), s(e, "package"), s(e, "candidate_version"),
          s(e, "vulnerability").empty() ? "" : " " + s(e, "vulnerability"), s(e, "reason"));
    }
  }
  const json& near = plan.at("near_breaches");
  if (!near.empty()) {
    fmt::format_to(o, "\nnear-breaches ({}):\n", near.size());
    for (const auto& n : near) {
      fmt::format_to(o, "  {:<20} {} {} due {}, scheduled {}\n", s(n, "host"), s(n, "package"),
                     s(n, "vulnerability"), s(n, "due"), s(n, "scheduled"));
    }
  }
  const json& missed = plan.at("missed_windows");
  if (!missed.empty()) {
    fmt::format_to(o, "\nmissed windows ({}):\n", missed.size());
    for (const auto& m : missed) {
      std::string next =
          m.at("rescheduled").is_string() ? m.at("rescheduled").get<std::string>() : "no window";
      fmt::format_to(o, "  {:<20} missed {} at {}, rescheduled to {}\n", s(m, "host"),
                     s(m, "window"), s(m, "missed_start"), next);
    }
  }
  const json& without = plan.at("hosts_without_window");
  if (!without.empty()) {
    fmt::format_to(o, "\nhosts without a window ({}):\n", without.size());
    for (const auto& h : without) fmt::format_to(o, "  {:<20} {}\n", s(h, "host"), s(h, "reason"));
  }
  list_section(out, plan, "excluded", "excluded updates");
  list_section(out, plan, "held", "held updates");
  list_section(out, plan, "unscheduled", "updates without a feasible window");
  list_section(out, plan, "unclassified", "unclassified hosts (default class)");
  list_section(out, plan, "not_assessed", "hosts in the hosts file never assessed");
  const json& blacked = plan.at("blacked_out");
  if (!blacked.empty()) {
    fmt::format_to(o, "\nwindows dropped by blackouts ({}):\n", blacked.size());
    for (const auto& b : blacked) {
      fmt::format_to(o, "  {} {} {}\n", s(b, "window"), s(b, "zone"), s(b, "start"));
    }
  }
  return out;
}

}  // namespace patchplan::plan
