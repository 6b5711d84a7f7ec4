// Findings: which known vulnerabilities an installed binary package carries, what fixes
// them, and how urgent each is. Findings point into the inputs of the matcher (host
// assessment, indexes); they are valid while those live and stay where they are.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/update_priority.hpp"
#include "feeds/advisory.hpp"
#include "inventory/installed_package.hpp"
#include "inventory/runtime_use.hpp"
#include "updates/update_assessment.hpp"
#include "vulns/feed_info.hpp"

namespace patchplan::vulns {

// What the feeds say about the installed version.
enum class FindingKind : std::uint8_t {
  kFixedByUpdate,    // installed < fixed version <= the candidate: the pending update fixes it
  kFixNotAvailable,  // a fixed version exists, but not (yet) among this host's candidates
  kNoFixYet,         // the feed says affected with no fixed version (tracker "open")
  kEndOfLife,        // the release gets no security support for this package: never clean
  kUndetermined,     // the feed has not decided
};

// Whether the vulnerable code runs on this host (issue 3, "Kernel").
enum class Exposure : std::uint8_t {
  kPackage,               // an ordinary package: assumed in use
  kRunningKernel,         // the image of the kernel that runs (uname -r)
  kRunningKernelUnknown,  // a kernel image on a root whose running kernel is unknown
  kOtherKernel,           // an installed kernel image that is not running
  kKernelBuildOrTools,    // headers, linux-libc-dev, tools built from the kernel source
};

std::string_view finding_kind_name(FindingKind kind);  // "fixed-by-update", ...
std::string_view exposure_name(Exposure exposure);     // "package", "running-kernel", ...
// Why a binary has that exposure, in one phrase ("the image of the running kernel").
std::string_view exposure_reason(Exposure exposure);

struct Finding {
  const inventory::InstalledPackage* package = nullptr;  // the installed binary
  const updates::PackageUpdate* update = nullptr;        // apt's view of it; may be null
  const feeds::SourceAdvisory* advisory = nullptr;       // the statement the verdict rests on
  const feeds::KevEntry* kev = nullptr;                  // when CISA lists the CVE
  const feeds::EpssScore* epss = nullptr;                // when EPSS scores it
  const FeedInfo* feed = nullptr;                        // the advisory's feed
  FindingKind kind = FindingKind::kUndetermined;
  Exposure exposure = Exposure::kPackage;
  assessment::Tier tier = assessment::Tier::kMinor;
  std::uint32_t rule = 0;  // index of the ranking rule that set the tier
  // Processes mapping the package and their listening sockets; null when none was found or
  // runtime use is not determined (Findings::runtime_use says which). Reported, not ranked.
  const inventory::PackageUse* in_use = nullptr;

  [[nodiscard]] std::string_view vulnerability() const { return advisory->vulnerability; }
};

// Why a binary gets no distribution verdict at all.
enum class OriginClass { kDistribution, kBackports, kThirdParty, kUnknownLocal };

struct UnknownOrigin {
  const inventory::InstalledPackage* package = nullptr;
  const updates::PackageUpdate* update = nullptr;
  OriginClass origin = OriginClass::kUnknownLocal;
  std::string reason;  // "backports version 1.2~bpo12+1", "from origin 'nodesource'", ...
};

// Orders findings by tier, most urgent first, keeping their order within a tier.
void order_by_tier(std::vector<Finding>& findings);

struct Findings {
  std::vector<Finding> fixable;               // kFixedByUpdate and kFixNotAvailable
  std::vector<Finding> unfixed;               // kNoFixYet: "no fix available yet"
  std::vector<Finding> end_of_life;           // kEndOfLife
  std::vector<Finding> undetermined;          // kUndetermined
  std::vector<UnknownOrigin> unknown_origin;  // "unknown for this origin", one per binary
  std::vector<FeedNote> feeds;     // every feed's state; a missing one makes the result partial
  std::vector<std::string> notes;  // e.g. "running kernel unknown: kernel images ranked as running"
  // The host's runtime use the findings' in_use point into; null when it was not read.
  const inventory::RuntimeUse* runtime_use = nullptr;

  // False when a feed is missing: the findings are then not the whole truth.
  [[nodiscard]] bool complete() const;
  [[nodiscard]] std::size_t size() const {
    return fixable.size() + unfixed.size() + end_of_life.size() + undetermined.size();
  }
};

}  // namespace patchplan::vulns
