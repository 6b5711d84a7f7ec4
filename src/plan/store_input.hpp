// The planner's input from the store: the latest assessment of every host.
#pragma once

#include <vector>

#include "common/expected.hpp"
#include "plan/host_findings.hpp"
#include "store/store.hpp"

namespace patchplan::plan {

// One HostFindings per host that has an assessment snapshot, by host name, each from its
// newest snapshot (host_findings_from_snapshot).
Expected<std::vector<HostFindings>> latest_host_findings(store::Store& store);

}  // namespace patchplan::plan
