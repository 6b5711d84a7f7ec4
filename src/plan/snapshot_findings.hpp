// HostFindings from a stored assessment snapshot: its pending updates (with their
// priority and pending_since) and, when the document has them, its vulnerability findings.
#pragma once

#include "common/expected.hpp"
#include "plan/host_findings.hpp"
#include "store/assessment_snapshot.hpp"

namespace patchplan::plan {

// Reads `snapshot.document` (an assessment JSON document): "pending_updates" and, if
// present, "vulnerabilities.findings" (kind, urgency, kev.listed, epss, cvss.score,
// exposure.kind). A finding counts as discovered when its package's update was first seen
// (pending_since), else at the snapshot's time. A row whose candidate is the installed
// version installs nothing and is left out. Errors name the host and snapshot id.
Expected<HostFindings> host_findings_from_snapshot(const store::AssessmentSnapshot& snapshot);

}  // namespace patchplan::plan
