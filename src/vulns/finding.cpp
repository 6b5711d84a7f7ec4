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

std::string_view exposure_reason(Exposure exposure) {
  switch (exposure) {
    case Exposure::kPackage:
      return "an ordinary package: assumed in use on this host";
    case Exposure::kRunningKernel:
      return "the image of the running kernel (uname -r)";
    case Exposure::kRunningKernelUnknown:
      return "a kernel image on a root whose running kernel is unknown: ranked as running";
    case Exposure::kOtherKernel:
      return "an installed kernel image that is not running: its code runs after a reboot into it";
    case Exposure::kKernelBuildOrTools:
      return "headers, linux-libc-dev or tools built from the kernel source: no kernel code runs "
             "from it";
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
