// An assessment together with what the store knows of the host's history: the input of
// both output forms of `patchplan assess`.
#pragma once

#include <map>
#include <optional>

#include "assessment/host_assessment.hpp"
#include "assessment/pending_changes.hpp"
#include "report/findings_view.hpp"
#include "store/assessment_snapshot.hpp"
#include "store/timestamp.hpp"

namespace patchplan::report {

struct AssessmentView {
  const assessment::HostAssessment* assessment = nullptr;
  store::Timestamp taken_at;
  std::map<store::PendingKey, store::Timestamp> pending_since;  // from earlier snapshots
  std::optional<store::Timestamp> previous_taken_at;            // none: the host's first snapshot
  assessment::PendingChanges changes;                           // against the previous snapshot
  std::optional<FindingsView> vulnerabilities;  // none: the document has no "vulnerabilities"

  // Since when the update has been pending; taken_at when first seen now.
  [[nodiscard]] store::Timestamp since(const assessment::PendingUpdate& pending) const;
  // The earliest since() of all pending updates; none without pending updates.
  [[nodiscard]] std::optional<store::Timestamp> oldest_since() const;
};

// The rows the store keeps for each pending update of `assessment`.
std::vector<store::PendingUpdate> pending_rows(const assessment::HostAssessment& assessment);

}  // namespace patchplan::report
