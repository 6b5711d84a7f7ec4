// OSV record fields to advisories: affected packages, ranges and their events, severity.
#include "feeds/osv_record.hpp"

#include <algorithm>
#include <vector>

#include "feeds/cvss.hpp"
#include "feeds/feed_time.hpp"
#include "feeds/osv_ecosystem.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::feeds {
namespace {

using nlohmann::json;

Error wrong_type(std::string_view where, std::string_view member, std::string_view expected) {
  return make_error(ErrorCode::kInvalidInput, "{}: '{}' is not {}", where, member, expected);
}

// A string member: "" when absent or null.
Expected<std::string> string_member(const json& object, const char* name, std::string_view where) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) return wrong_type(where, name, "a string");
  return it->get<std::string>();
}

// An array member: an empty array when absent or null.
Expected<const json*> array_member(const json& object, const char* name, std::string_view where) {
  static const json kEmpty = json::array();
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return &kEmpty;
  if (!it->is_array()) return wrong_type(where, name, "an array");
  return &*it;
}

Status append_strings(const json& object, const char* name, std::string_view where,
                      std::vector<std::string>& out) {
  auto items = array_member(object, name, where);
  if (!items) return items.error();
  for (const auto& item : **items) {
    if (!item.is_string()) return wrong_type(where, name, "an array of strings");
    out.push_back(item.get<std::string>());
  }
  return ok();
}

// What a severity list says: a CVSS vector (v3 preferred, scored) and a distribution's
// own severity word.
struct Severity {
  std::string vector;
  std::optional<double> score;
  std::string word;
  int rank = 0;  // of the kept vector: 3 = v3, 2 = v4, 1 = v2
};

Status read_severity(const json& object, std::string_view where, Severity& severity) {
  auto items = array_member(object, "severity", where);
  if (!items) return items.error();
  for (const auto& item : **items) {
    if (!item.is_object()) return wrong_type(where, "severity", "an array of objects");
    auto type = string_member(item, "type", where);
    if (!type) return type.error();
    auto score = string_member(item, "score", where);
    if (!score) return score.error();
    const int rank = *type == "CVSS_V3" ? 3 : *type == "CVSS_V4" ? 2 : *type == "CVSS_V2" ? 1 : 0;
    if (rank == 0) {
      if (severity.word.empty()) severity.word = *score;  // "Ubuntu": "medium"
      continue;
    }
    if (rank <= severity.rank) continue;
    severity.rank = rank;
    severity.vector = *score;
    severity.score.reset();
    if (rank == 3) {
      auto base = cvss3_base_score(*score);
      if (!base) return base.error().context(where);
      severity.score = *base;
    }
  }
  return ok();
}

struct Event {
  enum Kind { kIntroduced, kFixed, kLastAffected, kLimit } kind;
  std::string version;
};

Expected<std::vector<Event>> read_events(const json& range, std::string_view where) {
  auto items = array_member(range, "events", where);
  if (!items) return items.error();
  std::vector<Event> events;
  for (const auto& item : **items) {
    if (!item.is_object() || item.size() != 1 || !item.begin()->is_string()) {
      return wrong_type(where, "events", "an array of single-member objects of strings");
    }
    const std::string& key = item.begin().key();
    Event::Kind kind = Event::kLimit;
    if (key == "introduced") {
      kind = Event::kIntroduced;
    } else if (key == "fixed") {
      kind = Event::kFixed;
    } else if (key == "last_affected") {
      kind = Event::kLastAffected;
    } else if (key != "limit") {
      return make_error(ErrorCode::kInvalidInput, "{}: unknown range event '{}'", where, key);
    }
    events.push_back({kind, item.begin()->get<std::string>()});
  }
  return events;
}

// Puts events in dpkg order ("0" first) when every version is a valid Debian version.
void sort_dpkg_events(std::vector<Event>& events) {
  for (const Event& event : events) {
    if (event.version != "0" && !versions::parse_deb_version(event.version)) return;
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.version == "0" || b.version == "0") return a.version == "0" && b.version != "0";
    return versions::compare_deb_version_strings(a.version, b.version) < 0;
  });
}

// The per-record part of every advisory of one affected package.
struct AffectedContext {
  SourceAdvisory base;
  const AdvisorySink* sink;
  OsvStats* stats;
};

Status emit(AffectedContext& context, SourceAdvisory&& advisory) {
  ++context.stats->records;
  return (*context.sink)(advisory);
}

// The intervals of one ECOSYSTEM range (osv-schema "Evaluation").
Status emit_range(AffectedContext& context, std::vector<Event> events, bool dpkg_order) {
  if (dpkg_order) sort_dpkg_events(events);
  std::optional<std::string> introduced;
  for (Event& event : events) {
    if (event.kind == Event::kIntroduced) {
      if (!introduced) introduced = event.version == "0" ? std::string() : event.version;
      continue;
    }
    if (!introduced || event.kind == Event::kLimit) continue;
    SourceAdvisory advisory = context.base;
    advisory.status = AdvisoryStatus::kFixed;
    advisory.introduced = std::move(*introduced);
    if (event.kind == Event::kFixed) {
      advisory.fixed_version = std::move(event.version);
    } else {
      advisory.last_affected = std::move(event.version);
    }
    introduced.reset();
    if (auto status = emit(context, std::move(advisory)); !status) return status;
  }
  if (!introduced) return ok();
  SourceAdvisory advisory = context.base;
  advisory.status = AdvisoryStatus::kOpen;
  advisory.introduced = std::move(*introduced);
  return emit(context, std::move(advisory));
}

Status read_affected(const json& affected, std::string_view where, AffectedContext& context) {
  if (!affected.is_object()) return wrong_type(where, "affected", "an array of objects");
  const auto package = affected.find("package");
  if (package == affected.end() || !package->is_object()) {
    return wrong_type(where, "affected.package", "an object");
  }
  auto ecosystem = string_member(*package, "ecosystem", where);
  if (!ecosystem) return ecosystem.error();
  auto name = string_member(*package, "name", where);
  if (!name) return name.error();
  const auto distribution = distribution_release(*ecosystem);
  if (!distribution || name->empty()) {
    ++context.stats->other_ecosystems;
    return ok();
  }
  context.stats->ecosystems.insert(distribution->ecosystem);
  AffectedContext local = context;
  local.base.ecosystem = distribution->ecosystem;
  local.base.release = distribution->release;
  local.base.source_package = std::move(*name);

  Severity severity{local.base.cvss_vector, local.base.cvss_score, local.base.urgency};
  if (auto status = read_severity(affected, where, severity); !status) return status;
  local.base.cvss_vector = severity.vector;
  local.base.cvss_score = severity.score;
  local.base.urgency = severity.word;
  if (const auto specific = affected.find("ecosystem_specific");
      specific != affected.end() && specific->is_object()) {
    auto urgency = string_member(*specific, "urgency", where);
    if (!urgency) return urgency.error();
    if (!urgency->empty()) local.base.urgency = std::move(*urgency);
  }

  const bool dpkg_order =
      local.base.ecosystem == "debian" || local.base.ecosystem.starts_with("ubuntu");
  auto ranges = array_member(affected, "ranges", where);
  if (!ranges) return ranges.error();
  bool had_range = false;
  for (const auto& range : **ranges) {
    if (!range.is_object()) return wrong_type(where, "ranges", "an array of objects");
    auto type = string_member(range, "type", where);
    if (!type) return type.error();
    if (*type != "ECOSYSTEM") continue;  // SEMVER and GIT ranges are not package versions
    had_range = true;
    auto events = read_events(range, where);
    if (!events) return events.error();
    if (auto status = emit_range(local, std::move(*events), dpkg_order); !status) return status;
  }
  if (had_range) return ok();

  std::vector<std::string> listed;
  if (auto status = append_strings(affected, "versions", where, listed); !status) return status;
  if (listed.empty()) {
    ++context.stats->without_ranges;
    return ok();
  }
  SourceAdvisory advisory = local.base;
  advisory.status = AdvisoryStatus::kOpen;
  for (const auto& version : listed) {
    if (!advisory.versions.empty()) advisory.versions += ' ';
    advisory.versions += version;
  }
  return emit(local, std::move(advisory));
}

}  // namespace

Status read_osv_record(const json& record, std::string_view where, const AdvisorySink& sink,
                       OsvStats& stats) {
  if (!record.is_object()) return wrong_type(where, "the record", "an object");
  auto id = string_member(record, "id", where);
  if (!id) return id.error();
  if (id->empty()) {
    return make_error(ErrorCode::kInvalidInput, "{}: the record has no 'id'", where);
  }
  const std::string named = fmt::format("{}: record '{}'", where, *id);
  ++stats.vulnerabilities;

  auto modified = string_member(record, "modified", named);
  if (!modified) return modified.error();
  if (!modified->empty()) {
    auto time = parse_feed_time(*modified);
    if (!time) return time.error().context(fmt::format("{}: 'modified'", named));
    if (!stats.latest_modified || *time > *stats.latest_modified) stats.latest_modified = *time;
  }
  auto withdrawn = string_member(record, "withdrawn", named);
  if (!withdrawn) return withdrawn.error();
  if (!withdrawn->empty()) {
    ++stats.withdrawn;
    return ok();
  }

  AffectedContext context{SourceAdvisory{}, &sink, &stats};
  context.base.feed = FeedKind::kOsv;
  context.base.vulnerability = std::move(*id);
  if (auto status = append_strings(record, "aliases", named, context.base.aliases); !status)
    return status;
  if (auto status = append_strings(record, "upstream", named, context.base.aliases); !status)
    return status;
  Severity severity;
  if (auto status = read_severity(record, named, severity); !status) return status;
  context.base.cvss_vector = severity.vector;
  context.base.cvss_score = severity.score;
  context.base.urgency = severity.word;

  auto affected = array_member(record, "affected", named);
  if (!affected) return affected.error();
  for (const auto& entry : **affected) {
    if (auto status = read_affected(entry, named, context); !status) return status;
  }
  return ok();
}

}  // namespace patchplan::feeds
