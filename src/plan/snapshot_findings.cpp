// The planner's input read back from an assessment document, in one pass of simdjson's
// On-Demand parser (no document tree: at 10,000 hosts the snapshots are some 170 MB of JSON,
// and building nlohmann trees of them was most of `patchplan plan`'s time).
#include "plan/snapshot_findings.hpp"

#include <simdjson.h>

#include <map>

#include "store/timestamp.hpp"

namespace patchplan::plan {
namespace {

namespace od = simdjson::ondemand;

Instant to_instant(store::Timestamp time) { return std::chrono::floor<std::chrono::seconds>(time); }

Tier tier_named(std::string_view name) {
  if (name == "critical") return Tier::kCritical;
  if (name == "important") return Tier::kImportant;
  return Tier::kMinor;
}

template <typename E>
E enum_named(std::string_view name, std::initializer_list<E> values, std::string_view (*of)(E),
             E fallback) {
  for (E value : values) {
    if (of(value) == name) return value;
  }
  return fallback;
}

// Whether `value` is of JSON type `type` (false too when its type cannot be read).
bool is(od::value& value, od::json_type type) {
  od::json_type found{};
  return !value.type().get(found) && found == type;
}

// A member's value of the expected JSON type, or the default: the document's producer
// (patchplan assess) writes every member, but a missing or mistyped one must not abort.
std::string text(od::value value) {
  std::string_view out;
  return is(value, od::json_type::string) && !value.get_string().get(out) ? std::string(out)
                                                                          : std::string();
}

std::optional<double> number(od::value value) {
  double out = 0;
  if (!is(value, od::json_type::number) || value.get_double().get(out)) {
    return std::nullopt;
  }
  return out;
}

bool flag(od::value value) {
  bool out = false;
  return is(value, od::json_type::boolean) && !value.get_bool().get(out) && out;
}

// Calls `member(key, value)` for each member of `value` when it is an object.
template <typename F>
void members(od::value value, F&& member) {
  od::object object;
  if (!is(value, od::json_type::object) || value.get_object().get(object)) {
    return;
  }
  for (auto field : object) {
    std::string_view key = field.unescaped_key().value();
    member(key, field.value().value());
  }
}

PendingPackage read_update(od::object update, Instant taken_at) {
  PendingPackage p;
  p.first_seen = taken_at;
  for (auto field : update) {
    std::string_view key = field.unescaped_key().value();
    od::value value = field.value().value();
    if (key == "package")
      p.package = text(value);
    else if (key == "architecture")
      p.architecture = text(value);
    else if (key == "installed_version")
      p.installed_version = text(value);
    else if (key == "candidate_version")
      p.candidate_version = text(value);
    else if (key == "source")
      p.source_package = text(value);
    else if (key == "security")
      p.security = flag(value);
    else if (key == "held")
      p.held_on_host = flag(value);
    else if (key == "priority")
      p.tier = tier_named(text(value));
    else if (key == "priority_reason")
      p.tier_reason = text(value);
    else if (key == "pending_since") {
      if (auto since = store::parse_timestamp(text(value))) p.first_seen = to_instant(*since);
    }
  }
  return p;
}

FindingFacts read_finding(od::object finding) {
  using vulns::Exposure;
  using vulns::FindingKind;
  FindingFacts facts;
  for (auto field : finding) {
    std::string_view key = field.unescaped_key().value();
    od::value value = field.value().value();
    if (key == "vulnerability") {
      facts.vulnerability = text(value);
    } else if (key == "package") {
      facts.package = text(value);
    } else if (key == "urgency") {
      facts.urgency = text(value);
    } else if (key == "kind") {
      facts.kind =
          enum_named(text(value),
                     {FindingKind::kFixedByUpdate, FindingKind::kFixNotAvailable,
                      FindingKind::kNoFixYet, FindingKind::kEndOfLife, FindingKind::kUndetermined},
                     &vulns::finding_kind_name, FindingKind::kUndetermined);
    } else if (key == "exposure") {
      members(value, [&](std::string_view k, od::value v) {
        if (k != "kind") return;
        facts.exposure = enum_named(
            text(v),
            {Exposure::kPackage, Exposure::kRunningKernel, Exposure::kRunningKernelUnknown,
             Exposure::kOtherKernel, Exposure::kKernelBuildOrTools},
            &vulns::exposure_name, Exposure::kPackage);
      });
    } else if (key == "kev") {
      members(value, [&](std::string_view k, od::value v) {
        if (k == "listed") facts.kev = flag(v);
      });
    } else if (key == "epss") {
      members(value, [&](std::string_view k, od::value v) {
        if (k == "probability") facts.epss = number(v);
        if (k == "percentile") facts.epss_percentile = number(v);
      });
    } else if (key == "cvss") {
      members(value, [&](std::string_view k, od::value v) {
        if (k == "score") facts.cvss = number(v);
      });
    } else if (key == "fix") {
      members(value, [&](std::string_view k, od::value v) {
        if (k == "version") facts.fixed_version = text(v);
      });
    }
  }
  return facts;
}

}  // namespace

Expected<HostFindings> host_findings_from_snapshot(const store::AssessmentSnapshot& snapshot) {
  auto fail = [&](std::string_view what) {
    return make_error(ErrorCode::kInvalidInput, "assessment {} of host '{}': {}", snapshot.id,
                      snapshot.host, what);
  };
  HostFindings out;
  out.host = snapshot.host;
  out.assessed_at = to_instant(snapshot.taken_at);
  // One parser per thread, reused: its buffers grow to the largest document once.
  thread_local od::parser parser;
  const simdjson::padded_string padded(snapshot.document);
  try {
    od::document document = parser.iterate(padded);
    od::object top;
    if (document.get_object().get(top)) return fail("document is not JSON");
    for (auto field : top) {
      std::string_view key = field.unescaped_key().value();
      od::value value = field.value().value();
      if (key == "pending_updates") {
        od::array list;
        if (!is(value, od::json_type::array) || value.get_array().get(list)) {
          return fail("\"pending_updates\" is not a list");
        }
        for (auto element : list) {
          od::object update;
          if (element.get_object().get(update)) return fail("a pending update is not an object");
          PendingPackage p = read_update(update, out.assessed_at);
          // Nothing to install: no candidate, or the candidate is the installed version.
          if (p.package.empty() || p.candidate_version.empty() ||
              p.candidate_version == p.installed_version) {
            continue;
          }
          out.updates.push_back(std::move(p));
        }
      } else if (key == "vulnerabilities") {
        members(value, [&](std::string_view k, od::value v) {
          od::array list;
          if (k != "findings" || !is(v, od::json_type::array) || v.get_array().get(list)) {
            return;
          }
          for (auto element : list) {
            od::object finding;
            if (!element.get_object().get(finding)) out.findings.push_back(read_finding(finding));
          }
        });
      }
    }
  } catch (const simdjson::simdjson_error& error) {
    return fail(fmt::format("document is not JSON: {}", error.what()));
  }
  out.updates.shrink_to_fit();  // 10,000 hosts' vectors are much of the planner's input
  out.findings.shrink_to_fit();
  // A finding counts as discovered when its package's update was first seen.
  std::map<std::string_view, Instant> first_seen;
  for (const auto& p : out.updates) {
    auto [it, inserted] = first_seen.emplace(p.package, p.first_seen);
    if (!inserted) it->second = std::min(it->second, p.first_seen);
  }
  for (auto& f : out.findings) {
    auto seen = first_seen.find(f.package);
    f.discovered = seen != first_seen.end() ? seen->second : out.assessed_at;
  }
  return out;
}

}  // namespace patchplan::plan
