// plan_from_json: a stored plan document back into a Plan, every member checked.
#include <nlohmann/json.hpp>

#include "plan/plan_json.hpp"

namespace patchplan::plan {
namespace {

using nlohmann::json;

// Reads members of one object; the first missing or mistyped one is kept as the error
// (with its path) and later reads return empty values.
class Reader {
 public:
  explicit Reader(std::string* error) : error_(error) {}

  const json* member(const json& object, const std::string& path, const char* name,
                     json::value_t type) {
    if (!error_->empty()) return nullptr;
    auto it = object.find(name);
    const bool number = type == json::value_t::number_integer;
    if (it == object.end() || (number ? !it->is_number_integer() : it->type() != type)) {
      *error_ = fmt::format("'{}{}' is missing or not of type {}", path, name,
                            number ? "integer" : json(type).type_name());
      return nullptr;
    }
    return &*it;
  }

  std::string str(const json& o, const std::string& path, const char* name) {
    const json* v = member(o, path, name, json::value_t::string);
    return v ? v->get<std::string>() : std::string();
  }
  bool boolean(const json& o, const std::string& path, const char* name) {
    const json* v = member(o, path, name, json::value_t::boolean);
    return v && v->get<bool>();
  }
  std::int64_t number(const json& o, const std::string& path, const char* name) {
    const json* v = member(o, path, name, json::value_t::number_integer);
    return v ? v->get<std::int64_t>() : 0;
  }
  // A time member read with `parse` (parse_instant or parse_local).
  template <typename Time>
  Time time(const json& o, const std::string& path, const char* name,
            Expected<Time> (*parse)(std::string_view)) {
    const std::string text = str(o, path, name);
    if (!error_->empty()) return {};
    auto at = parse(text);
    if (!at) *error_ = fmt::format("'{}{}': {}", path, name, at.error().message);
    return at ? *at : Time{};
  }
  Instant instant(const json& o, const std::string& path, const char* name) {
    return time(o, path, name, &parse_instant);
  }
  LocalTime local(const json& o, const std::string& path, const char* name) {
    return time(o, path, name, &parse_local);
  }
  std::optional<Instant> optional_instant(const json& o, const std::string& path,
                                          const char* name) {
    auto it = o.find(name);
    if (it != o.end() && it->is_null()) return std::nullopt;
    return instant(o, path, name);
  }
  template <typename Enum, typename NameOf>
  Enum named(const json& o, const std::string& path, const char* name,
             std::initializer_list<Enum> values, NameOf name_of) {
    const std::string text = str(o, path, name);
    for (Enum value : values) {
      if (name_of(value) == text) return value;
    }
    if (error_->empty()) *error_ = fmt::format("'{}{}': unknown value '{}'", path, name, text);
    return *values.begin();
  }
  Tier tier(const json& o, const std::string& path, const char* name = "tier") {
    return named(o, path, name, {Tier::kCritical, Tier::kImportant, Tier::kMinor},
                 [](Tier t) { return tier_name(t); });
  }
  DueState state(const json& o, const std::string& path) {
    return named(o, path, "state", {DueState::kMet, DueState::kNearBreach, DueState::kBreached},
                 [](DueState s) { return due_state_name(s); });
  }

  // Calls `each(element, path + ".")` for every element (an object) of the array `name`.
  template <typename F>
  void array(const json& o, const std::string& path, const char* name, F each) {
    const json* list = member(o, path, name, json::value_t::array);
    if (!list) return;
    for (std::size_t i = 0; i < list->size() && error_->empty(); ++i) {
      const json& item = (*list)[i];
      const std::string item_path = fmt::format("{}{}[{}]", path, name, i);
      if (!item.is_object()) {
        *error_ = fmt::format("'{}' is not an object", item_path);
        return;
      }
      each(item, item_path + ".");
    }
  }

 private:
  std::string* error_;
};

PlannedUpdate read_update(Reader& r, const json& u, const std::string& p) {
  PlannedUpdate out;
  out.package = r.str(u, p, "package");
  out.architecture = r.str(u, p, "architecture");
  out.installed_version = r.str(u, p, "installed_version");
  out.candidate_version = r.str(u, p, "candidate_version");
  out.tier = r.tier(u, p);
  out.tier_reason = r.str(u, p, "tier_reason");
  out.first_seen = r.instant(u, p, "first_seen");
  out.due = r.instant(u, p, "due");
  out.state = r.state(u, p);
  out.needs_approval = r.boolean(u, p, "needs_approval");
  out.needs_reboot = r.boolean(u, p, "needs_reboot");
  out.note = r.str(u, p, "note");
  r.array(u, p, "findings", [&](const json& f, const std::string& fp) {
    out.findings.push_back({r.str(f, fp, "vulnerability"), r.tier(f, fp), r.str(f, fp, "because"),
                            r.instant(f, fp, "discovered"), r.instant(f, fp, "due"),
                            r.state(f, fp)});
  });
  return out;
}

Wave read_wave(Reader& r, const json& w, const std::string& p) {
  Wave out;
  out.number = static_cast<int>(r.number(w, p, "number"));
  out.ring = r.str(w, p, "ring");
  out.ring_order = static_cast<std::size_t>(r.number(w, p, "ring_order"));
  out.window = r.str(w, p, "window");
  out.kind =
      r.named(w, p, "kind", {WindowKind::kRegular, WindowKind::kMonthly, WindowKind::kEmergency},
              [](WindowKind k) { return window_kind_name(k); });
  out.zone = r.str(w, p, "zone");
  out.local_start = r.local(w, p, "local_start");
  out.local_end = r.local(w, p, "local_end");
  out.start = r.instant(w, p, "start");
  out.end = r.instant(w, p, "end");
  r.array(w, p, "hosts", [&](const json& h, const std::string& hp) {
    WaveHost host;
    host.host = r.str(h, hp, "host");
    host.slot = r.instant(h, hp, "slot");
    host.local_slot = r.local(h, hp, "local_slot");
    host.reboot = r.str(h, hp, "reboot");
    host.rescheduled = r.boolean(h, hp, "rescheduled");
    r.array(h, hp, "updates", [&](const json& u, const std::string& up) {
      host.updates.push_back(read_update(r, u, up));
    });
    out.hosts.push_back(std::move(host));
  });
  return out;
}

std::vector<SkippedUpdate> read_skipped(Reader& r, const json& d, const char* name) {
  std::vector<SkippedUpdate> out;
  r.array(d, "", name, [&](const json& s, const std::string& p) {
    out.push_back({r.str(s, p, "host"), r.str(s, p, "package"), r.str(s, p, "candidate_version"),
                   r.str(s, p, "reason")});
  });
  return out;
}

std::vector<std::string> read_names(Reader& r, const json& d, const char* name,
                                    std::string* error) {
  std::vector<std::string> out;
  const json* list = r.member(d, "", name, json::value_t::array);
  for (std::size_t i = 0; list && i < list->size() && error->empty(); ++i) {
    if (!(*list)[i].is_string()) {
      *error = fmt::format("'{}[{}]' is not a string", name, i);
    } else {
      out.push_back((*list)[i].get<std::string>());
    }
  }
  return out;
}

}  // namespace

Expected<Plan> plan_from_json(const json& d) {
  std::string error;
  Reader r(&error);
  Plan plan;
  if (!d.is_object()) error = "not a JSON object";
  if (error.empty() &&
      (r.str(d, "", "kind") != "plan" || r.number(d, "", "schema_version") != kPlanSchemaVersion)) {
    if (error.empty()) error = fmt::format("not a plan of schema version {}", kPlanSchemaVersion);
  }
  if (error.empty()) {
    plan.now = r.instant(d, "", "now");
    plan.from = r.instant(d, "", "from");
    plan.until = r.instant(d, "", "until");
    plan.policy = r.str(d, "", "policy");
    r.array(d, "", "waves",
            [&](const json& w, const std::string& p) { plan.waves.push_back(read_wave(r, w, p)); });
    r.array(d, "", "emergencies", [&](const json& e, const std::string& p) {
      plan.emergencies.push_back({r.str(e, p, "host"), r.str(e, p, "package"),
                                  r.str(e, p, "candidate_version"), r.str(e, p, "vulnerability"),
                                  r.tier(e, p), r.instant(e, p, "due"),
                                  r.optional_instant(e, p, "scheduled"), r.str(e, p, "reason")});
    });
    r.array(d, "", "near_breaches", [&](const json& n, const std::string& p) {
      plan.near_breaches.push_back({r.str(n, p, "host"), r.str(n, p, "package"),
                                    r.str(n, p, "vulnerability"), r.instant(n, p, "due"),
                                    r.instant(n, p, "scheduled")});
    });
    r.array(d, "", "missed_windows", [&](const json& m, const std::string& p) {
      plan.missed_windows.push_back({r.str(m, p, "host"), r.str(m, p, "window"),
                                     r.instant(m, p, "missed_start"),
                                     r.optional_instant(m, p, "rescheduled")});
    });
    r.array(d, "", "hosts_without_window", [&](const json& h, const std::string& p) {
      plan.hosts_without_window.push_back({r.str(h, p, "host"), r.str(h, p, "reason")});
    });
    plan.excluded = read_skipped(r, d, "excluded");
    plan.held = read_skipped(r, d, "held");
    plan.unscheduled = read_skipped(r, d, "unscheduled");
    plan.unclassified = read_names(r, d, "unclassified", &error);
    plan.not_assessed = read_names(r, d, "not_assessed", &error);
    r.array(d, "", "blacked_out", [&](const json& b, const std::string& p) {
      plan.blacked_out.push_back(
          {r.str(b, p, "window"), r.str(b, p, "zone"), r.instant(b, p, "start")});
    });
  }
  if (!error.empty()) return make_error(ErrorCode::kInvalidInput, "plan document: {}", error);
  return plan;
}

}  // namespace patchplan::plan
