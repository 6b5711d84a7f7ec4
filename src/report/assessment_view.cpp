// AssessmentView helpers and the stored rows of an assessment.
#include "report/assessment_view.hpp"

#include <algorithm>

namespace patchplan::report {
namespace {

std::string candidate_suite(const updates::PackageUpdate& update) {
  if (update.candidate_from.empty()) return "";
  const auto& origin = update.candidate_from.front();
  return origin.codename.empty() ? origin.suite : origin.codename;
}

}  // namespace

store::Timestamp AssessmentView::since(const assessment::PendingUpdate& pending) const {
  const auto& update = *pending.update;
  auto found = pending_since.find({update.name, update.architecture, update.installed_version});
  return found == pending_since.end() ? taken_at : found->second;
}

std::optional<store::Timestamp> AssessmentView::oldest_since() const {
  std::optional<store::Timestamp> oldest;
  for (const auto& pending : assessment->pending) {
    auto time = since(pending);
    if (!oldest || time < *oldest) oldest = time;
  }
  return oldest;
}

std::vector<store::PendingUpdate> pending_rows(const assessment::HostAssessment& assessment) {
  std::vector<store::PendingUpdate> rows;
  for (const auto& pending : assessment.pending) {
    const auto& update = *pending.update;
    rows.push_back({update.name, update.architecture, update.installed_version,
                    update.candidate_version.value_or(""), update.candidate_source,
                    candidate_suite(update), update.security});
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a.package, a.architecture) < std::tie(b.package, b.architecture);
  });
  return rows;
}

}  // namespace patchplan::report
