// The planner's input read back from an assessment document.
#include "plan/snapshot_findings.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "store/timestamp.hpp"

namespace patchplan::plan {
namespace {

using nlohmann::json;

Instant to_instant(store::Timestamp time) { return std::chrono::floor<std::chrono::seconds>(time); }

Tier tier_named(const std::string& name) {
  if (name == "critical") return Tier::kCritical;
  if (name == "important") return Tier::kImportant;
  return Tier::kMinor;
}

template <typename E>
E enum_named(const std::string& name, std::initializer_list<E> values, std::string_view (*of)(E),
             E fallback) {
  for (E value : values) {
    if (of(value) == name) return value;
  }
  return fallback;
}

std::string text(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<double> number(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

FindingFacts read_finding(const json& f, const std::map<std::string, Instant>& first_seen,
                          Instant taken_at) {
  using vulns::Exposure;
  using vulns::FindingKind;
  FindingFacts facts;
  facts.vulnerability = text(f, "vulnerability");
  facts.package = text(f, "package");
  facts.urgency = text(f, "urgency");
  facts.kind =
      enum_named(text(f, "kind"),
                 {FindingKind::kFixedByUpdate, FindingKind::kFixNotAvailable,
                  FindingKind::kNoFixYet, FindingKind::kEndOfLife, FindingKind::kUndetermined},
                 &vulns::finding_kind_name, FindingKind::kUndetermined);
  if (auto it = f.find("exposure"); it != f.end() && it->is_object()) {
    facts.exposure =
        enum_named(text(*it, "kind"),
                   {Exposure::kPackage, Exposure::kRunningKernel, Exposure::kRunningKernelUnknown,
                    Exposure::kOtherKernel, Exposure::kKernelBuildOrTools},
                   &vulns::exposure_name, Exposure::kPackage);
  }
  if (auto it = f.find("kev"); it != f.end() && it->is_object()) {
    facts.kev = it->value("listed", false);
  }
  if (auto it = f.find("epss"); it != f.end() && it->is_object()) {
    facts.epss = number(*it, "probability");
    facts.epss_percentile = number(*it, "percentile");
  }
  if (auto it = f.find("cvss"); it != f.end() && it->is_object()) facts.cvss = number(*it, "score");
  if (auto it = f.find("fix"); it != f.end() && it->is_object())
    facts.fixed_version = text(*it, "version");
  auto seen = first_seen.find(facts.package);
  facts.discovered = seen != first_seen.end() ? seen->second : taken_at;
  return facts;
}

}  // namespace

Expected<HostFindings> host_findings_from_snapshot(const store::AssessmentSnapshot& snapshot) {
  auto fail = [&](std::string_view what) {
    return make_error(ErrorCode::kInvalidInput, "assessment {} of host '{}': {}", snapshot.id,
                      snapshot.host, what);
  };
  json document = json::parse(snapshot.document, nullptr, false);
  if (document.is_discarded() || !document.is_object()) return fail("document is not JSON");
  HostFindings out;
  out.host = snapshot.host;
  out.assessed_at = to_instant(snapshot.taken_at);
  std::map<std::string, Instant> first_seen;
  const json& pending =
      document.contains("pending_updates") ? document["pending_updates"] : json::array();
  if (!pending.is_array()) return fail("\"pending_updates\" is not a list");
  out.updates.reserve(pending.size());  // exact: 10,000 hosts' vectors are much of the input
  for (const json& u : pending) {
    if (!u.is_object()) return fail("a pending update is not an object");
    PendingPackage p;
    p.package = text(u, "package");
    p.architecture = text(u, "architecture");
    p.installed_version = text(u, "installed_version");
    p.candidate_version = text(u, "candidate_version");
    p.source_package = text(u, "source");
    p.security = u.value("security", false);
    p.tier = tier_named(text(u, "priority"));
    p.tier_reason = text(u, "priority_reason");
    p.first_seen = out.assessed_at;
    if (auto since = store::parse_timestamp(text(u, "pending_since")))
      p.first_seen = to_instant(*since);
    // Nothing to install: no candidate, or the candidate is the installed version.
    if (p.package.empty() || p.candidate_version.empty() ||
        p.candidate_version == p.installed_version) {
      continue;
    }
    p.held_on_host = u.value("held", false);
    auto [it, inserted] = first_seen.emplace(p.package, p.first_seen);
    if (!inserted) it->second = std::min(it->second, p.first_seen);
    out.updates.push_back(std::move(p));
  }
  if (auto v = document.find("vulnerabilities"); v != document.end() && v->is_object()) {
    if (auto list = v->find("findings"); list != v->end() && list->is_array()) {
      out.findings.reserve(list->size());
      for (const json& f : *list) {
        if (f.is_object()) out.findings.push_back(read_finding(f, first_seen, out.assessed_at));
      }
    }
  }
  return out;
}

}  // namespace patchplan::plan
