// plan_json: every section of the plan, times in UTC and in the host's zone, written
// member by member with JsonWriter (no document tree: a 10,000-host plan is ~175 MB).
#include "plan/plan_json.hpp"

#include "plan/json_writer.hpp"

namespace patchplan::plan {
namespace {

// Members are written in name order throughout: the order nlohmann's std::map-based
// object gave the stored plans before this writer, kept so their text does not change.
class PlanWriter {
 public:
  explicit PlanWriter(JsonWriter& w) : w_(w) {}

  void str(const char* name, std::string_view value) {
    w_.key(name);
    w_.string(value);
  }
  void instant(const char* name, Instant at) { str(name, format_instant(at)); }
  void local(const char* name, LocalTime at) { str(name, format_local(at)); }
  void optional_instant(const char* name, const std::optional<Instant>& at) {
    w_.key(name);
    if (at) {
      w_.string(format_instant(*at));
    } else {
      w_.null();
    }
  }
  void number(const char* name, std::int64_t value) {
    w_.key(name);
    w_.number(value);
  }
  void boolean(const char* name, bool value) {
    w_.key(name);
    w_.boolean(value);
  }

  template <typename T, typename F>
  void array(const char* name, const std::vector<T>& items, F each) {
    w_.key(name);
    w_.begin_array();
    for (const auto& item : items) each(item);
    w_.end_array();
  }

  void finding(const FindingDue& f) {
    w_.begin_object();
    str("because", f.because);
    instant("discovered", f.discovered);
    instant("due", f.due);
    str("state", due_state_name(f.state));
    str("tier", tier_name(f.tier));
    str("vulnerability", f.vulnerability);
    w_.end_object();
  }

  void update(const PlannedUpdate& u) {
    w_.begin_object();
    str("architecture", u.architecture);
    str("candidate_version", u.candidate_version);
    instant("due", u.due);
    array("findings", u.findings, [this](const FindingDue& f) { finding(f); });
    instant("first_seen", u.first_seen);
    str("installed_version", u.installed_version);
    boolean("needs_approval", u.needs_approval);
    boolean("needs_reboot", u.needs_reboot);
    str("note", u.note);
    str("package", u.package);
    str("state", due_state_name(u.state));
    str("tier", tier_name(u.tier));
    str("tier_reason", u.tier_reason);
    w_.end_object();
  }

  void host(const WaveHost& h) {
    w_.begin_object();
    str("host", h.host);
    local("local_slot", h.local_slot);
    str("reboot", h.reboot);
    boolean("rescheduled", h.rescheduled);
    instant("slot", h.slot);
    array("updates", h.updates, [this](const PlannedUpdate& u) { update(u); });
    w_.end_object();
  }

  void wave(const Wave& wave) {
    w_.begin_object();
    instant("end", wave.end);
    array("hosts", wave.hosts, [this](const WaveHost& h) { host(h); });
    str("kind", window_kind_name(wave.kind));
    local("local_end", wave.local_end);
    local("local_start", wave.local_start);
    number("number", wave.number);
    str("ring", wave.ring);
    number("ring_order", static_cast<std::int64_t>(wave.ring_order));
    instant("start", wave.start);
    str("window", wave.window);
    str("zone", wave.zone);
    w_.end_object();
  }

  void emergency(const EmergencyChange& e) {
    w_.begin_object();
    str("candidate_version", e.candidate_version);
    instant("due", e.due);
    str("host", e.host);
    str("package", e.package);
    str("reason", e.reason);
    optional_instant("scheduled", e.scheduled);
    str("tier", tier_name(e.tier));
    str("vulnerability", e.vulnerability);
    w_.end_object();
  }

  void near_breach(const NearBreach& n) {
    w_.begin_object();
    instant("due", n.due);
    str("host", n.host);
    str("package", n.package);
    instant("scheduled", n.scheduled);
    str("vulnerability", n.vulnerability);
    w_.end_object();
  }

  void missed(const MissedWindow& m) {
    w_.begin_object();
    str("host", m.host);
    instant("missed_start", m.missed_start);
    optional_instant("rescheduled", m.rescheduled);
    str("window", m.window);
    w_.end_object();
  }

  void skipped(const char* name, const std::vector<SkippedUpdate>& list) {
    array(name, list, [this](const SkippedUpdate& s) {
      w_.begin_object();
      str("candidate_version", s.candidate_version);
      str("host", s.host);
      str("package", s.package);
      str("reason", s.reason);
      w_.end_object();
    });
  }

  void names(const char* name, const std::vector<std::string>& list) {
    array(name, list, [this](const std::string& s) { w_.string(s); });
  }

  void plan(const Plan& plan, const store::StoredPlan* stored) {
    w_.begin_object();
    if (stored) {
      array("approvals", stored->approvals, [this](const store::PlanApproval& a) {
        w_.begin_object();
        str("approved_at", a.approved_at);
        str("approved_by", a.approved_by);
        number("journal_id", a.journal_id);
        w_.end_object();
      });
    }
    array("blacked_out", plan.blacked_out, [this](const BlackedOut& b) {
      w_.begin_object();
      instant("start", b.start);
      str("window", b.window);
      str("zone", b.zone);
      w_.end_object();
    });
    array("emergencies", plan.emergencies, [this](const EmergencyChange& e) { emergency(e); });
    skipped("excluded", plan.excluded);
    instant("from", plan.from);
    skipped("held", plan.held);
    array("hosts_without_window", plan.hosts_without_window, [this](const HostNote& h) {
      w_.begin_object();
      str("host", h.host);
      str("reason", h.reason);
      w_.end_object();
    });
    if (stored) number("id", stored->id);
    str("kind", "plan");
    array("missed_windows", plan.missed_windows, [this](const MissedWindow& m) { missed(m); });
    array("near_breaches", plan.near_breaches, [this](const NearBreach& n) { near_breach(n); });
    names("not_assessed", plan.not_assessed);
    instant("now", plan.now);
    if (stored) str("period", stored->period);
    str("policy", plan.policy);
    number("schema_version", kPlanSchemaVersion);
    names("unclassified", plan.unclassified);
    skipped("unscheduled", plan.unscheduled);
    instant("until", plan.until);
    if (stored) number("version", stored->version);
    array("waves", plan.waves, [this](const Wave& w) { wave(w); });
    w_.end_object();
  }

 private:
  JsonWriter& w_;
};

// The compact text's length, near enough: each wave, host, update and finding's
// member names and fixed-size values (measured on an empty one) plus its strings.
std::size_t estimated_size(const Plan& plan) {
  auto fixed = [](auto write) {
    std::string out;
    JsonWriter writer(out);
    PlanWriter w(writer);
    write(w);
    return out.size() + 2;  // the comma, a "true"
  };
  const std::size_t finding = fixed([](PlanWriter& w) { w.finding({}); });
  const std::size_t update = fixed([](PlanWriter& w) { w.update({}); });
  const std::size_t host = fixed([](PlanWriter& w) { w.host({}); });
  const std::size_t emergency = fixed([](PlanWriter& w) { w.emergency({}); });
  std::size_t total = std::size_t{1} << 16;
  for (const auto& wave : plan.waves) {
    total += 512;
    for (const auto& h : wave.hosts) {
      total += host + h.host.size() + h.reboot.size();
      for (const auto& u : h.updates) {
        total += update + u.package.size() + u.architecture.size() + u.installed_version.size() +
                 u.candidate_version.size() + u.tier_reason.size() + u.note.size();
        for (const auto& f : u.findings)
          total += finding + f.vulnerability.size() + f.because.size();
      }
    }
  }
  for (const auto& e : plan.emergencies) {
    total += emergency + e.host.size() + e.package.size() + e.candidate_version.size() +
             e.vulnerability.size() + e.reason.size();
  }
  const std::size_t others = plan.near_breaches.size() + plan.missed_windows.size() +
                             plan.excluded.size() + plan.held.size() + plan.unscheduled.size() +
                             plan.hosts_without_window.size() + plan.blacked_out.size() +
                             plan.unclassified.size() + plan.not_assessed.size();
  return total + others * 256;
}

}  // namespace

std::string plan_json(const Plan& plan, int indent, const store::StoredPlan* stored) {
  std::string out;
  out.reserve(estimated_size(plan));  // growing by doubling would hold 1.5x the text at once
  JsonWriter writer(out, indent);
  PlanWriter(writer).plan(plan, stored);
  return out;
}

void write_plan_json(const Plan& plan, int indent, const store::StoredPlan* stored,
                     const std::function<void(std::string_view)>& sink) {
  std::string buffer;
  JsonWriter writer(buffer, indent, sink);
  PlanWriter(writer).plan(plan, stored);
  writer.flush();
}

}  // namespace patchplan::plan
