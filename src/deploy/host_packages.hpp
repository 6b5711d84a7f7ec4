// What a target's dpkg and apt say about packages: states and conffiles (read in-process,
// see dpkg_database.hpp), candidates of packages not installed (apt-cache policy) and a
// simulated install (apt-get -s).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "deploy/change_request.hpp"
#include "deploy/package_relations.hpp"
#include "deploy/transport.hpp"
#include "inventory/package_status.hpp"

namespace patchplan::deploy {

struct Conffile {
  std::string path;
  std::string md5;  // as recorded in the status file; "newconffile" or "" when not yet known
};

struct HostPackage {
  std::string name;
  std::string architecture;
  std::string version;
  inventory::PackageStatus status;
  std::vector<Conffile> conffiles;
  std::string source;        // the source package (the name when the stanza has none)
  std::string multi_arch;    // "same", "foreign", "allowed" or ""
  RelationFields relations;  // of the recorded version

  // Files of the package are on disk at `version` (not "not-installed"/"config-files").
  [[nodiscard]] bool has_current_version() const {
    return status.state != inventory::PackageState::kNotInstalled &&
           status.state != inventory::PackageState::kConfigFiles;
  }
  [[nodiscard]] bool installed() const {  // "ii": at `version`, configured
    return status.state == inventory::PackageState::kInstalled && !status.reinstall_required;
  }
};

// Every package the target's dpkg knows, keyed by "name:arch" (read_dpkg_database).
Expected<std::map<std::string, HostPackage>> query_host_packages(Transport& transport);

// The target's dpkg architecture (native_architecture_of over read_dpkg_database).
Expected<std::string> native_architecture(Transport& transport);

// What apt-cache policy says of one package: its candidate ("" for none) and every
// version in its version table.
struct AptVersions {
  std::string candidate;
  std::vector<std::string> available;
};

// apt's versions of each pin, keyed by the pin's apt_name.
Expected<std::map<std::string, AptVersions>> candidate_versions(Transport& transport,
                                                                const std::vector<PackagePin>& pins,
                                                                std::string_view native);

// One line of apt-get -s: "Inst name [old] (new ...)" or "Remv name [old]".
struct SimulatedAction {
  bool remove = false;
  std::string name;  // as apt prints it ("name" or "name:arch")
  std::string old_version;
  std::string new_version;
};

// What `apt-get install name=version...` would do, without doing it. kConflict with apt's
// own message when apt refuses (a held package, unmet dependencies), or "planned version V
// of 'N' is not available from the host's apt sources: plan again" for versions apt lacks.
Expected<std::vector<SimulatedAction>> simulate_install(Transport& transport,
                                                        const std::vector<std::string>& words);

// Download and installed sizes in bytes of the versions a change brings.
struct ArchiveSizes {
  std::uint64_t download = 0;
  std::uint64_t installed = 0;
};

// The options of every apt-get and apt-cache run of the deployment: no locking by apt
// (patchplan holds the frontend lock and runs dpkg with DPKG_FRONTEND_LOCKED=1), quiet.
std::vector<std::string> apt_common_options();

}  // namespace patchplan::deploy
