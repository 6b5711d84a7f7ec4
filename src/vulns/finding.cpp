// Names of finding kinds and exposures, and Findings::complete.
#include "vulns/finding.hpp"

#include <algorithm>

namespace patchplan::vulns {

std::string_view finding_kind_name(FindingKind kind) {
  switch (kind) {
    case FindingKind::kFixedByUpdate:
      return "fixed-by-update";
    case FindingKind::kFixNotAvailable:
      return "fix-not-available";
    case FindingKind::kNoFixYet:
      return "no-fix-yet";
    case FindingKind::kEndOfLife:
      return "end-of-life";
    case FindingKind::kUndetermined:
      return "undetermined";
  }
  return "";
}

std::string_view exposure_name(Exposure exposure) {
  switch (exposure) {
    case Exposure::kPackage:
      return "package";
    case Exposure::kRunningKernel:
      return "running-kernel";
    case Exposure::kRunningKernelUnknown:
      return "kernel-running-unknown";
    case Exposure::kOtherKernel:
      return "other-kernel";
    case Exposure::kKernelBuildOrTools:
      return "kernel-build-or-tools";
  }
  return "";
}

void order_by_tier(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.tier < b.tier; });
}

bool Findings::complete() const {
  return std::none_of(feeds.begin(), feeds.end(),
                      [](const FeedNote& note) { return note.state == FeedState::kMissing; });
}

}  // namespace patchplan::vulns
