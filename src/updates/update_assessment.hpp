// The pending updates of a host as apt sees them: per installed package the installed
// and candidate versions, where each comes from, and whether apt lists it as upgradable.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "common/root_fs.hpp"
#include "inventory/dpkg_status.hpp"
#include "updates/preferences.hpp"

namespace patchplan::updates {

// One release a version is available from (a Release file and the index in it).
struct ReleaseOrigin {
  std::string origin;             // Origin field, e.g. "Debian"
  std::string label;              // Label field, e.g. "Debian-Security"
  std::string suite;              // Suite field (apt's archive), e.g. "oldstable-security"
  std::string codename;           // Codename field, e.g. "bookworm-security"
  std::string version;            // Version field, e.g. "12.15"
  std::string archive_uri;        // the source URI, e.g. "http://deb.debian.org/debian-security/"
  std::string component;          // e.g. "main"; empty for a flat repository
  bool has_release_file = false;  // false when the lists hold no InRelease/Release
  int priority = 0;               // apt's priority of this package file

  // True for Debian's security archive: Label "Debian-Security", or a suite or codename
  // ending in "-security".
  [[nodiscard]] bool is_security() const;
};

struct PackageUpdate {
  std::string name;
  // As recorded in the status file ("all", "amd64", ...): the installed version's
  // architecture, which is what apt list prints (private-output.cc GetArchitecture).
  std::string architecture;
  std::string installed_version;
  // The releases whose indexes carry the installed version; empty when it is known only
  // from the status file (installed locally, or no longer in any configured source).
  std::vector<ReleaseOrigin> installed_from;

  std::optional<std::string> candidate_version;  // apt's candidate; none when it has none
  std::string candidate_architecture;            // the candidate's own: "all" or the package's
  std::string candidate_source;                  // source package of the candidate
  std::string candidate_source_version;
  std::vector<ReleaseOrigin> candidate_from;         // releases carrying the candidate, apt's order
  int candidate_priority = 0;                        // pkgPolicy::GetPriority of the candidate
  std::optional<unsigned> phased_update_percentage;  // of the candidate, when set

  // What `apt list --upgradable` decides: a candidate that is another cache version
  // ahead of the installed one. This also holds when the versions are equal as strings but
  // apt keeps them apart (different dependency fields, e.g. a reconstructed status file).
  bool is_upgradable = false;
  bool security = false;  // the candidate is available from a security release

  [[nodiscard]] bool status_only() const { return installed_from.empty(); }
};

struct UpdateAssessment {
  std::string native_architecture;
  std::vector<std::string> architectures;  // APT::Architectures in apt's order
  AptSemantics semantics = AptSemantics::kApt26;
  std::vector<PackageUpdate> packages;  // every installed package, in status-file order
  std::vector<std::string> warnings;    // one line each, naming the file
  std::size_t indexes_read = 0;         // Packages files read

  // The packages apt would list as upgradable, in apt's listing order (name, then arch).
  [[nodiscard]] std::vector<const PackageUpdate*> upgradable() const;
};

struct UpdateOptions {
  // dpkg's native architecture; empty: APT::Architecture of the root's apt.conf, else the
  // architecture of the installed dpkg package.
  std::string native_architecture;
  // Which apt's rules to follow; empty: apt 3.0 when the installed apt is >= 2.9.
  std::optional<AptSemantics> semantics;
  // The dpkg status file `status` was read from; empty: Dir::State::status.
  std::string status_path;
};

// Assesses the installed packages of `status` (those with has_current_version()) against
// the root's apt configuration, sources, lists and preferences, exactly as apt 2.6 (or
// 3.0) chooses candidates. Missing lists are warnings, not errors. Errors: unreadable or
// malformed configuration, sources, preferences, Release files or indexes (naming the
// file), and an APT::Default-Release that names no release.
Expected<UpdateAssessment> assess_updates(const RootFs& root,
                                          const inventory::StatusDatabase& status,
                                          const UpdateOptions& options);

}  // namespace patchplan::updates
