// compare_pending: a merge of two sorted row lists.
#include "assessment/pending_changes.hpp"

#include <algorithm>
#include <tuple>

namespace patchplan::assessment {
namespace {

bool by_key(const store::PendingUpdate& a, const store::PendingUpdate& b) {
  return std::tie(a.package, a.architecture) < std::tie(b.package, b.architecture);
}

}  // namespace

PendingChanges compare_pending(const std::vector<store::PendingUpdate>& before,
                               const std::vector<store::PendingUpdate>& now) {
  auto old_rows = before;
  auto new_rows = now;
  std::sort(old_rows.begin(), old_rows.end(), by_key);
  std::sort(new_rows.begin(), new_rows.end(), by_key);

  PendingChanges changes;
  auto o = old_rows.begin();
  auto n = new_rows.begin();
  while (o != old_rows.end() || n != new_rows.end()) {
    if (n == new_rows.end() || (o != old_rows.end() && by_key(*o, *n))) {
      changes.resolved.push_back(*o++);
    } else if (o == old_rows.end() || by_key(*n, *o)) {
      changes.appeared.push_back(*n++);
    } else {
      if (o->candidate_version != n->candidate_version ||
          o->installed_version != n->installed_version) {
        changes.new_candidate.push_back(*n);
      }
      ++o;
      ++n;
    }
  }
  return changes;
}

}  // namespace patchplan::assessment
