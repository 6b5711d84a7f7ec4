// Reading every host's latest assessment for the planner.
#include "plan/store_input.hpp"

#include "plan/snapshot_findings.hpp"

namespace patchplan::plan {

Expected<std::vector<HostFindings>> latest_host_findings(store::Store& store) {
  auto select = store.database().prepare("SELECT name FROM hosts ORDER BY name");
  if (!select) return select.error();
  std::vector<std::string> names;
  for (;;) {
    auto row = select->step();
    if (!row) return row.error();
    if (!*row) break;
    names.push_back(select->column_text(0));
  }
  std::vector<HostFindings> out;
  for (const auto& name : names) {
    auto snapshot = store.assessments().latest_assessment(name);
    if (!snapshot) return snapshot.error();
    if (!*snapshot) continue;
    auto findings = host_findings_from_snapshot(**snapshot);
    if (!findings) return findings.error();
    out.push_back(std::move(*findings));
  }
  return out;
}

}  // namespace patchplan::plan
