// assessment_to_json.
#include "report/assessment_json.hpp"

#include "report/findings_json.hpp"
#include "report/inventory_json.hpp"
#include "report/schema_version.hpp"

namespace patchplan::report {
namespace {

nlohmann::json origin_to_json(const updates::ReleaseOrigin& origin) {
  return {{"origin", origin.origin},
          {"label", origin.label},
          {"suite", origin.suite},
          {"codename", origin.codename},
          {"archive_uri", origin.archive_uri},
          {"component", origin.component},
          {"priority", origin.priority}};
}

nlohmann::json pending_to_json(const AssessmentView& view, const assessment::PendingUpdate& p) {
  const auto& update = *p.update;
  nlohmann::json origins = nlohmann::json::array();
  for (const auto& origin : update.candidate_from) origins.push_back(origin_to_json(origin));
  return {{"package", update.name},
          {"architecture", update.architecture},
          {"installed_version", update.installed_version},
          {"candidate_version", update.candidate_version.value_or("")},
          {"source", update.candidate_source},
          {"source_version", update.candidate_source_version},
          {"origins", std::move(origins)},
          {"security", update.security},
          {"held", p.held},
          {"priority", assessment::tier_name(p.priority.tier)},
          {"priority_reason", p.priority.reason},
          {"pending_since", store::format_timestamp(view.since(p))}};
}

nlohmann::json rows_to_json(const std::vector<store::PendingUpdate>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : rows) {
    out.push_back({{"package", row.package},
                   {"architecture", row.architecture},
                   {"installed_version", row.installed_version},
                   {"candidate_version", row.candidate_version}});
  }
  return out;
}

nlohmann::json changes_to_json(const AssessmentView& view) {
  if (!view.previous_taken_at) return nullptr;
  return {{"since", store::format_timestamp(*view.previous_taken_at)},
          {"appeared", rows_to_json(view.changes.appeared)},
          {"resolved", rows_to_json(view.changes.resolved)},
          {"changed", rows_to_json(view.changes.new_candidate)}};
}

}  // namespace

nlohmann::json assessment_to_json(const AssessmentView& view) {
  const auto& assessment = *view.assessment;
  nlohmann::json pending = nlohmann::json::array();
  std::size_t held = 0;
  for (const auto& p : assessment.pending) {
    pending.push_back(pending_to_json(view, p));
    if (p.held) ++held;
  }
  auto oldest = view.oldest_since();
  std::vector<std::string> warnings = assessment.host.warnings;
  warnings.insert(warnings.end(), assessment.updates.warnings.begin(),
                  assessment.updates.warnings.end());
  nlohmann::json document = {
      {"schema_version", kSchemaVersion},
      {"kind", "assessment"},
      {"taken_at", store::format_timestamp(view.taken_at)},
      {"host", host_to_json(assessment.host)},
      {"summary",
       {{"installed_packages", assessment.updates.packages.size()},
        {"pending", assessment.pending.size()},
        {"security", assessment.security_count()},
        {"held", held},
        {"oldest_pending_since",
         oldest ? nlohmann::json(store::format_timestamp(*oldest)) : nlohmann::json(nullptr)}}},
      {"pending_updates", std::move(pending)},
      {"changes", changes_to_json(view)},
      {"warnings", std::move(warnings)},
  };
  if (view.vulnerabilities) document["vulnerabilities"] = findings_to_json(*view.vulnerabilities);
  return document;
}

}  // namespace patchplan::report
