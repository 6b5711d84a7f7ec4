// Reading every host's latest assessment for the planner.
#include "plan/store_input.hpp"

#include "plan/snapshot_findings.hpp"

namespace patchplan::plan {

Expected<std::vector<HostFindings>> latest_host_findings(store::Store& store) {
  std::vector<HostFindings> out;
  auto walked = store.assessments().each_latest_assessment(
      [&](const store::AssessmentSnapshot& snapshot) -> Status {
        auto findings = host_findings_from_snapshot(snapshot);
        if (!findings) return findings.error();
        out.push_back(std::move(*findings));
        return ok();
      });
  if (!walked) return walked.error();
  return out;
}

}  // namespace patchplan::plan
