// Where an installed binary comes from, as far as a distribution verdict is concerned, and
// which source version it is matched at.
#pragma once

#include <string>
#include <string_view>

#include "inventory/host_inventory.hpp"
#include "updates/update_assessment.hpp"
#include "vulns/advisory_index.hpp"
#include "vulns/finding.hpp"

namespace patchplan::vulns {

// The (source, version) an installed binary is matched at. Always the source version,
// never the binary version (a binary "15+248" of source "248" lives in another version
// space). Two refinements: (1) a status stanza without a Source field names the binary
// itself; when an index carries the same version with its source, that source is used;
// (2) Debian's signed kernel images (source "linux-signed-ARCH", version "6.1.170+3")
// repackage the binaries of source "linux" at its version, which is their binary version
// ("6.1.170-3"; Debian kernel handbook, "Secure Boot"), so they are matched as "linux".
struct MatchedSource {
  std::string_view source;
  std::string_view version;
  std::string_view candidate_version;  // candidate's source version; "" when none
};

MatchedSource matched_source(const inventory::InstalledPackage& package,
                             const updates::PackageUpdate* update);

// The source and version `finding` was matched at.
MatchedSource matched_source(const Finding& finding);

struct OriginVerdict {
  OriginClass origin = OriginClass::kDistribution;
  std::string reason;  // why it is not the distribution's; empty for kDistribution
};

// Decides whether the distribution's feeds speak for this binary (issue 3, "Backports"):
// - a "~bpoN" version, or an installed version only in a "-backports" suite: kBackports;
// - an installed version carried by an index of another origin than the distribution
//   (Release "Origin", compared with os-release ID case-insensitively): kThirdParty;
// - an installed version in no configured index (PackageUpdate::status_only): the
//   distribution's only if its records know the source version (`known_version`: a
//   changelog entry or an advisory names it) or the version carries the distribution's
//   stable-update mark
//   (Debian "+debNuM"/"~debNuM", Developer's Reference 5.5.1; Ubuntu "ubuntuN");
//   otherwise kUnknownLocal (locally built, or from a source no longer configured).
OriginVerdict classify_origin(const inventory::HostInventory& host,
                              const inventory::InstalledPackage& package,
                              const updates::PackageUpdate* update, const MatchedSource& matched,
                              bool known_version);

}  // namespace patchplan::vulns
