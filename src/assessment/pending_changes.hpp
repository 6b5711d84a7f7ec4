// What changed in a host's pending updates between two assessments.
#pragma once

#include <vector>

#include "store/assessment_snapshot.hpp"

namespace patchplan::assessment {

struct PendingChanges {
  std::vector<store::PendingUpdate> appeared;       // pending now, not before
  std::vector<store::PendingUpdate> resolved;       // pending before, not now (applied or gone)
  std::vector<store::PendingUpdate> new_candidate;  // still pending, with another candidate

  [[nodiscard]] bool empty() const {
    return appeared.empty() && resolved.empty() && new_candidate.empty();
  }
};

// Compares the pending rows of the previous snapshot with the current ones, matching
// rows by package and architecture. Both inputs in any order; outputs sorted by package.
PendingChanges compare_pending(const std::vector<store::PendingUpdate>& before,
                               const std::vector<store::PendingUpdate>& now);

}  // namespace patchplan::assessment
