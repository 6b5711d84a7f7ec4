// The version of patchplan's JSON documents. Raised only for changes that break a
// reader (a field removed, renamed or retyped); added fields keep it.
#pragma once

namespace patchplan::report {

inline constexpr int kSchemaVersion = 1;

}  // namespace patchplan::report
