// The planner: hosts resolved against the policy, updates tiered, due and scheduled.
#include "plan/planner.hpp"

#include <algorithm>
#include <map>
#include <span>
#include <tuple>

#include "plan/calendar.hpp"
#include "plan/glob.hpp"

namespace patchplan::plan {
namespace {

// A host as the policy sees it.
struct HostProfile {
  const HostFindings* findings = nullptr;
  const HostEntry* entry = nullptr;
  const AssetClass* asset = nullptr;
  std::string zone;
  Criticality criticality = Criticality::kNormal;
  RebootPolicy reboot = RebootPolicy::kIfRequired;
  std::vector<std::string> windows;
  std::size_t ring = 0;
  const vulns::RankingPolicy* tier_rules = nullptr;  // the class's, else the policy's
};

// The windows serving a tier, most preferred kinds first; the first kind with any window
// of the host wins.
std::vector<std::vector<WindowKind>> kinds_for(Tier tier) {
  using K = WindowKind;
  switch (tier) {
    case Tier::kCritical:
      return {{K::kEmergency}, {K::kRegular, K::kMonthly}};
    case Tier::kImportant:
      return {{K::kRegular, K::kMonthly}, {K::kEmergency}};
    case Tier::kMinor:
      return {{K::kMonthly}, {K::kRegular}, {K::kEmergency}};
  }
  return {};
}

using GateKey = std::pair<std::string, std::string>;  // package, candidate version
using Gates = std::map<GateKey, Instant>;

class Planner {
 public:
  Planner(const PlanInput& input, Instant from, Instant until)
      : input_(input),
        policy_(*input.policy),
        calendar_(policy_, from - kMissedLookback, until),
        from_(from),
        until_(until) {}

  Expected<Plan> run();

 private:
  Expected<HostProfile> profile(const HostFindings& findings);
  Status schedule(const HostProfile& host, const Gates& gates, Gates& next_gates);
  Expected<PlannedUpdate> plan_update(const HostProfile& host, const PendingPackage& update);
  const Occurrence* first_at_or_after(const HostProfile& host, std::span<const WindowKind> kinds,
                                      Instant not_before, std::string& error);
  const Occurrence* last_missed(const HostProfile& host, std::span<const WindowKind> kinds,
                                Instant pending_since, Instant pending_at);
  void judge(const HostProfile& host, PlannedUpdate& update, Instant slot, const Occurrence& at);
  static std::string reboot_text(RebootPolicy policy, bool needs_reboot);
  std::string frozen_before(const HostProfile& host, WindowKind kind, Instant due) const;

  const PlanInput& input_;
  const Policy& policy_;
  Calendar calendar_;
  Instant from_;
  Instant until_;
  Plan plan_;
  // Waves by (start, ring, window, zone); hosts by name.
  std::map<std::tuple<Instant, std::size_t, std::string, std::string>,
           std::map<std::string, WaveHost>>
      waves_;
  std::map<std::tuple<Instant, std::size_t, std::string, std::string>, const Occurrence*> wave_at_;
  std::map<std::string, RebootPolicy> reboot_of_;
  std::map<std::string, vulns::RankingPolicy> class_rules_;  // tier rules per class name
};

Expected<HostProfile> Planner::profile(const HostFindings& findings) {
  HostProfile host;
  host.findings = &findings;
  host.entry = input_.hosts ? input_.hosts->find(findings.host) : nullptr;
  if (host.entry == nullptr) plan_.unclassified.push_back(findings.host);
  std::string class_name = host.entry && !host.entry->asset_class.empty() ? host.entry->asset_class
                                                                          : policy_.default_class;
  auto asset = policy_.classes.find(class_name);
  if (asset == policy_.classes.end()) {
    return make_error(ErrorCode::kInvalidInput, "host '{}': class '{}' is not defined in '{}'",
                      findings.host, class_name, policy_.file);
  }
  host.asset = &asset->second;
  host.zone = host.entry && !host.entry->timezone.empty() ? host.entry->timezone : policy_.timezone;
  const HostOverrides* overrides = host.entry ? &host.entry->overrides : nullptr;
  host.criticality =
      overrides && overrides->criticality ? *overrides->criticality : host.asset->criticality;
  host.reboot = overrides && overrides->reboot ? *overrides->reboot
                : host.asset->reboot           ? *host.asset->reboot
                                               : policy_.packages.reboot;
  host.windows = overrides && overrides->windows ? *overrides->windows : host.asset->windows;
  host.ring = ring_of(policy_, host.entry, findings.host, host.asset->tags);
  auto rules = class_rules_.find(class_name);
  if (rules == class_rules_.end()) {
    rules = class_rules_.emplace(class_name, policy_.tier_rules_for(*host.asset)).first;
  }
  host.tier_rules = &rules->second;
  return host;
}

const Occurrence* Planner::first_at_or_after(const HostProfile& host,
                                             std::span<const WindowKind> kinds, Instant not_before,
                                             std::string& error) {
  const Occurrence* best = nullptr;
  for (const auto& name : host.windows) {
    const WindowSpec& spec = policy_.windows.at(name);
    if (std::find(kinds.begin(), kinds.end(), spec.kind) == kinds.end()) continue;
    auto list = calendar_.occurrences(name, host.zone);
    if (!list) {
      error = list.error().message;
      return nullptr;
    }
    auto it = std::lower_bound((*list)->begin(), (*list)->end(), not_before,
                               [](const Occurrence& o, Instant t) { return o.start < t; });
    if (it != (*list)->end() && (best == nullptr || it->start < best->start)) best = &*it;
  }
  return best;
}

const Occurrence* Planner::last_missed(const HostProfile& host, std::span<const WindowKind> kinds,
                                       Instant pending_since, Instant pending_at) {
  const Occurrence* best = nullptr;
  for (const auto& name : host.windows) {
    const WindowSpec& spec = policy_.windows.at(name);
    if (std::find(kinds.begin(), kinds.end(), spec.kind) == kinds.end()) continue;
    auto list = calendar_.occurrences(name, host.zone);
    if (!list) continue;
    for (const auto& o : **list) {
      if (o.start < pending_since) continue;
      if (o.end > pending_at || o.end > from_) break;
      if (best == nullptr || o.start > best->start) best = &o;
    }
  }
  return best;
}

std::string Planner::reboot_text(RebootPolicy policy, bool needs_reboot) {
  switch (policy) {
    case RebootPolicy::kAllowed:
      return needs_reboot ? "reboot" : "reboot allowed";
    case RebootPolicy::kIfRequired:
      return needs_reboot ? "reboot" : "no reboot";
    case RebootPolicy::kNever:
      return needs_reboot ? "reboot deferred (policy: never)" : "no reboot (policy: never)";
  }
  return "no reboot";
}

Expected<PlannedUpdate> Planner::plan_update(const HostProfile& host,
                                             const PendingPackage& update) {
  PlannedUpdate out;
  out.package = update.package;
  out.architecture = update.architecture;
  out.installed_version = update.installed_version;
  out.candidate_version = update.candidate_version;
  out.tier = update.tier;
  out.tier_reason = update.tier_reason;
  out.first_seen = update.first_seen;
  const HostOverrides* overrides = host.entry ? &host.entry->overrides : nullptr;
  out.needs_approval = first_match(policy_.packages.require_approval, update.package) ||
                       (overrides && first_match(overrides->require_approval, update.package));
  out.needs_reboot = first_match(policy_.packages.reboot_required, update.package) != nullptr;
  for (const auto& finding : host.findings->findings) {
    if (finding.package != update.package) continue;
    FindingTier tier = rank_finding(finding, *host.tier_rules);
    FindingDue due;
    due.vulnerability = finding.vulnerability;
    due.tier = tier.tier;
    due.because = tier.because;
    due.discovered = finding.discovered;
    due.due = finding.discovered + policy_.deadline(tier.tier, host.criticality);
    // With findings, the update's tier is its worst finding's under this policy's rules
    // (lower or higher than the assessment's built-in ranking); without, the assessment's.
    if (out.findings.empty() || tier.tier < out.tier) {
      out.tier = tier.tier;
      out.tier_reason = fmt::format("{}: {}", finding.vulnerability, tier.because);
    }
    out.findings.push_back(std::move(due));
  }
  std::sort(out.findings.begin(), out.findings.end(), [](const FindingDue& a, const FindingDue& b) {
    return std::tie(a.due, a.vulnerability) < std::tie(b.due, b.vulnerability);
  });
  out.due = out.first_seen + policy_.deadline(out.tier, host.criticality);
  return out;
}

// "; blacked out before it: window 'third-tuesday' 2026-12-15T22:00Z ('year-end')": the
// host's windows of `kind` that a blackout removed between the plan's start and `due`.
std::string Planner::frozen_before(const HostProfile& host, WindowKind kind, Instant due) const {
  std::vector<std::string> items;
  for (const auto& name : host.windows) {
    if (policy_.windows.at(name).kind != kind) continue;
    for (const auto& d : calendar_.dropped(name, host.zone)) {
      if (d.occurrence.start >= from_ && d.occurrence.start < due) {
        items.push_back(fmt::format("window '{}' {} ('{}')", name,
                                    format_instant(d.occurrence.start), d.blackout));
      }
    }
  }
  if (items.empty()) return "";
  constexpr std::size_t kShown = 3;
  const std::size_t more = items.size() > kShown ? items.size() - kShown : 0;
  items.resize(std::min(items.size(), kShown));
  return fmt::format("; blacked out before it: {}{}", fmt::join(items, ", "),
                     more ? fmt::format(" and {} more", more) : "");
}

void Planner::judge(const HostProfile& host, PlannedUpdate& update, Instant slot,
                    const Occurrence& at) {
  // The near-breach margin is at most a quarter of the deadline itself: a margin longer
  // than a deadline (48 h against a critical 24 h) would flag every item of that tier.
  auto state_of = [&](Instant due, Tier tier) {
    if (slot > due) return DueState::kBreached;
    const Seconds margin =
        std::min(policy_.near_breach, policy_.deadline(tier, host.criticality) / 4);
    if (due - slot < margin) return DueState::kNearBreach;
    return DueState::kMet;
  };
  auto record = [&](Instant due, DueState state, const std::string& vulnerability, Tier tier) {
    const std::string& name = host.findings->host;
    if (state == DueState::kNearBreach) {
      plan_.near_breaches.push_back({name, update.package, vulnerability, due, slot});
    }
    if (state != DueState::kBreached) return;
    std::string reason =
        due < input_.now
            ? fmt::format("due {} had passed when the plan was made ({})", format_instant(due),
                          format_instant(input_.now))
            : fmt::format("due {} before the host's next feasible {} window '{}' (slot {}){}",
                          format_instant(due), window_kind_name(at.window->kind), at.window->name,
                          format_instant(slot), frozen_before(host, at.window->kind, due));
    plan_.emergencies.push_back(
        {name, update.package, update.candidate_version, vulnerability, tier, due, slot, reason});
  };
  update.state = state_of(update.due, update.tier);
  for (auto& finding : update.findings) {
    finding.state = state_of(finding.due, finding.tier);
    record(finding.due, finding.state, finding.vulnerability, finding.tier);
  }
  if (update.findings.empty()) record(update.due, update.state, "", update.tier);
}

Status Planner::schedule(const HostProfile& host, const Gates& gates, Gates& next_gates) {
  const HostFindings& findings = *host.findings;
  const HostOverrides* overrides = host.entry ? &host.entry->overrides : nullptr;
  bool has_window = false;
  for (const auto& name : host.windows) {
    auto list = calendar_.occurrences(name, host.zone);
    if (!list) return list.error().context(fmt::format("host '{}'", findings.host));
    has_window = has_window || std::any_of((*list)->begin(), (*list)->end(),
                                           [&](const Occurrence& o) { return o.start >= from_; });
  }
  if (!has_window) {
    plan_.hosts_without_window.push_back(
        {findings.host,
         host.windows.empty()
             ? fmt::format("class '{}' has no windows", host.asset->name)
             : fmt::format("no window of class '{}' between {} and {}", host.asset->name,
                           format_instant(from_), format_instant(until_))});
  }

  // Updates grouped per tier, each group into its first feasible occurrence.
  std::map<Tier, std::vector<PlannedUpdate>> by_tier;
  for (const auto& update : findings.updates) {
    SkippedUpdate skipped{findings.host, update.package, update.candidate_version, ""};
    const std::string* rule = first_match(policy_.packages.exclude, update.package);
    if (!rule && overrides) rule = first_match(overrides->exclude, update.package);
    if (rule) {
      skipped.reason = fmt::format("excluded by '{}'", *rule);
      plan_.excluded.push_back(std::move(skipped));
      continue;
    }
    if (update.held_on_host) {
      skipped.reason = "held on the host (dpkg selection hold)";
      plan_.held.push_back(std::move(skipped));
      continue;
    }
    rule = first_match(policy_.packages.hold, update.package);
    if (!rule && overrides) rule = first_match(overrides->hold, update.package);
    bool released = first_match(policy_.packages.release, update.package) ||
                    (overrides && first_match(overrides->release, update.package));
    if (rule && !released) {
      skipped.reason = fmt::format("held by '{}'", *rule);
      plan_.held.push_back(std::move(skipped));
      continue;
    }
    auto planned = plan_update(host, update);
    if (!planned) return planned.error();
    by_tier[planned->tier].push_back(std::move(*planned));
  }

  bool missed_reported = false;
  for (auto& [tier, updates] : by_tier) {
    Instant not_before = from_;
    Instant pending_since = updates.front().first_seen;
    for (const auto& u : updates) {
      // Critical updates are emergency changes: no ring waits for another's soak.
      if (tier == Tier::kCritical) break;
      if (auto gate = gates.find({u.package, u.candidate_version}); gate != gates.end()) {
        not_before = std::max(not_before, gate->second);
      }
    }
    for (const auto& u : updates) pending_since = std::min(pending_since, u.first_seen);
    // The group's earliest deadline: an update's own or one of its findings'.
    Instant earliest_due = Instant::max();
    for (const auto& u : updates) {
      earliest_due = std::min(earliest_due, u.due);
      for (const auto& f : u.findings) earliest_due = std::min(earliest_due, f.due);
    }
    auto slot_in = [&](const Occurrence* o) {
      return host_slot(findings.host, o->start, o->window->duration, policy_.spreading);
    };
    const Occurrence* at = nullptr;
    std::vector<WindowKind> used;
    std::string error;
    std::size_t preference = 0;
    bool deadline_fallback = false;
    for (const auto& kinds : kinds_for(tier)) {
      bool host_has_kind =
          std::any_of(host.windows.begin(), host.windows.end(), [&](const auto& w) {
            return std::find(kinds.begin(), kinds.end(), policy_.windows.at(w).kind) != kinds.end();
          });
      if (!host_has_kind) {
        if (at == nullptr) ++preference;
        continue;
      }
      // Minor updates never move into emergency windows to meet a deadline.
      if (at != nullptr && kinds == std::vector<WindowKind>{WindowKind::kEmergency}) break;
      const Occurrence* candidate = first_at_or_after(host, kinds, not_before, error);
      if (!error.empty()) return make_error(ErrorCode::kInvalidInput, "{}", error);
      if (at == nullptr) {
        at = candidate;
        used = kinds;
        if (at == nullptr) break;
      } else if (candidate != nullptr && slot_in(candidate) <= earliest_due) {
        at = candidate;
        used = kinds;
        deadline_fallback = true;
      }
      // Grouping minor updates into the monthly window yields to their deadline: when the
      // monthly window is too late, the host's earlier regular window is taken.
      if (tier != Tier::kMinor || slot_in(at) <= earliest_due) break;
    }
    if (at == nullptr) {
      for (auto& u : updates) {
        plan_.unscheduled.push_back({findings.host, u.package, u.candidate_version,
                                     fmt::format("no feasible {} window before {}", tier_name(tier),
                                                 format_instant(until_))});
      }
      continue;
    }
    if (!missed_reported) {
      if (const Occurrence* missed = last_missed(host, used, pending_since, findings.assessed_at)) {
        plan_.missed_windows.push_back(
            {findings.host, missed->window->name, missed->start, at->start});
        missed_reported = true;
      }
    }
    Instant slot = slot_in(at);
    auto key = std::tuple{at->start, host.ring, at->window->name,
                          at->window->timezone.empty() ? host.zone : at->window->timezone};
    wave_at_[key] = at;
    WaveHost& wave_host = waves_[key][findings.host];
    wave_host.host = findings.host;
    wave_host.slot = slot;
    wave_host.rescheduled = wave_host.rescheduled || missed_reported;
    Seconds soak = policy_.rings.empty() ? Seconds(0) : policy_.rings[host.ring].soak;
    wave_host.updates.reserve(wave_host.updates.size() + updates.size());
    for (auto& u : updates) {
      if (tier == Tier::kCritical && preference > 0) {
        u.note = "no emergency window: the earliest window is used";
      }
      if (deadline_fallback) {
        u.note = "the next monthly window is after the deadline: a regular window is used";
      }
      judge(host, u, slot, *at);
      Instant& gate = next_gates[{u.package, u.candidate_version}];
      gate = std::max(gate, at->end + soak);
      wave_host.updates.push_back(std::move(u));
    }
  }
  return ok();
}

Expected<Plan> Planner::run() {
  plan_.now = input_.now;
  plan_.from = from_;
  plan_.until = until_;
  plan_.policy = policy_.file;

  std::vector<HostProfile> hosts;
  for (const auto& findings : input_.findings) {
    auto host = profile(findings);
    if (!host) return host.error();
    hosts.push_back(std::move(*host));
  }
  std::sort(hosts.begin(), hosts.end(), [](const HostProfile& a, const HostProfile& b) {
    return std::tie(a.ring, a.findings->host) < std::tie(b.ring, b.findings->host);
  });
  Gates gates;
  Gates next_gates;
  std::size_t ring = hosts.empty() ? 0 : hosts.front().ring;
  for (const auto& host : hosts) {
    if (host.ring != ring) {  // a new ring: the earlier rings' gates now apply
      for (const auto& [key, at] : next_gates) gates[key] = std::max(gates[key], at);
      ring = host.ring;
    }
    reboot_of_[host.findings->host] = host.reboot;
    if (auto s = schedule(host, gates, next_gates); !s) return s.error();
  }

  int number = 0;
  for (auto& [key, by_host] : waves_) {
    const Occurrence& at = *wave_at_.at(key);
    Wave wave;
    wave.number = ++number;
    wave.ring_order = std::get<1>(key);
    wave.ring = policy_.rings.empty() ? "all" : policy_.rings[wave.ring_order].name;
    wave.window = at.window->name;
    wave.kind = at.window->kind;
    wave.zone = std::get<3>(key);
    wave.local_start = at.local_start;
    wave.local_end = at.local_end;
    wave.start = at.start;
    wave.end = at.end;
    auto zone = calendar_.zone(wave.zone);
    if (!zone) return zone.error();
    for (auto& [name, host] : by_host) {
      host.local_slot = (*zone)->to_local(host.slot);
      bool reboot = std::any_of(host.updates.begin(), host.updates.end(),
                                [](const PlannedUpdate& u) { return u.needs_reboot; });
      host.reboot = reboot_text(reboot_of_.at(name), reboot);
      std::sort(host.updates.begin(), host.updates.end(), [](const auto& a, const auto& b) {
        return std::tie(a.package, a.architecture) < std::tie(b.package, b.architecture);
      });
      wave.hosts.push_back(std::move(host));
    }
    plan_.waves.push_back(std::move(wave));
  }
  plan_.blacked_out = calendar_.blacked_out();
  std::erase_if(plan_.blacked_out, [&](const BlackedOut& b) { return b.start < from_; });
  if (input_.hosts) {
    for (const auto& entry : input_.hosts->hosts) {
      if (!reboot_of_.contains(entry.name)) plan_.not_assessed.push_back(entry.name);
    }
  }
  auto by_host = [](const auto& a, const auto& b) {
    return std::tie(a.host, a.package) < std::tie(b.host, b.package);
  };
  for (auto* list : {&plan_.excluded, &plan_.held, &plan_.unscheduled}) {
    std::stable_sort(list->begin(), list->end(), by_host);
  }
  // std::sort on every member: no ties left to keep in order, and no stable_sort buffer
  // (a copy of half the list: 25 MB at 10,000 hosts).
  std::sort(plan_.emergencies.begin(), plan_.emergencies.end(),
            [](const EmergencyChange& a, const EmergencyChange& b) {
              return std::tie(a.due, a.host, a.package, a.vulnerability, a.candidate_version,
                              a.tier, a.scheduled, a.reason) <
                     std::tie(b.due, b.host, b.package, b.vulnerability, b.candidate_version,
                              b.tier, b.scheduled, b.reason);
            });
  std::sort(plan_.unclassified.begin(), plan_.unclassified.end());
  std::sort(plan_.not_assessed.begin(), plan_.not_assessed.end());
  return std::move(plan_);
}

}  // namespace

std::string_view due_state_name(DueState state) {
  switch (state) {
    case DueState::kMet:
      return "met";
    case DueState::kNearBreach:
      return "near-breach";
    case DueState::kBreached:
      return "breached";
  }
  return "met";
}

Instant host_slot(const std::string& host, Instant start, Seconds duration,
                  const Spreading& spreading) {
  const auto usable = duration.count() * spreading.portion / 100;
  const auto slots = std::max<Seconds::rep>(1, usable / spreading.step.count());
  const auto index =
      static_cast<Seconds::rep>(stable_hash(host) % static_cast<std::uint64_t>(slots));
  return start + index * spreading.step;
}

std::size_t ring_of(const Policy& policy, const HostEntry* entry, const std::string& host,
                    const std::vector<std::string>& class_tags) {
  const auto& rings = policy.rings;
  if (rings.empty()) return 0;
  if (entry && !entry->ring.empty()) {
    for (std::size_t i = 0; i < rings.size(); ++i) {
      if (rings[i].name == entry->ring) return i;
    }
  }
  auto has_tag = [&](const std::string& tag) {
    return (entry && std::find(entry->tags.begin(), entry->tags.end(), tag) != entry->tags.end()) ||
           std::find(class_tags.begin(), class_tags.end(), tag) != class_tags.end();
  };
  for (std::size_t i = 0; i < rings.size(); ++i) {
    if (std::any_of(rings[i].tags.begin(), rings[i].tags.end(), has_tag) ||
        first_match(rings[i].names, host) != nullptr) {
      return i;
    }
  }
  const auto bucket = static_cast<int>(stable_hash(host) % 100);
  int cumulative = 0;
  for (std::size_t i = 0; i < rings.size(); ++i) {
    if (!rings[i].percentage) continue;
    cumulative += *rings[i].percentage;
    if (bucket < cumulative) return i;
  }
  return rings.size() - 1;
}

Expected<Plan> make_plan(const PlanInput& input) {
  if (input.policy == nullptr)
    return make_error(ErrorCode::kInternal, "make_plan without a policy");
  Instant from = input.from.value_or(input.now);
  Instant until = input.until.value_or(from + kDefaultHorizon);
  if (until <= from) {
    return make_error(ErrorCode::kUsage, "the plan ends ({}) before it starts ({})",
                      format_instant(until), format_instant(from));
  }
  Planner planner(input, from, until);
  return planner.run();
}

}  // namespace patchplan::plan
