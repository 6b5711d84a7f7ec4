// What patchplan knows about one host after reading it: identity, OS, kernels,
// architectures and installed packages.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "common/root_fs.hpp"
#include "inventory/installed_package.hpp"

namespace patchplan::inventory {

struct OsRelease {
  std::string id;                // ID, e.g. "debian"
  std::string id_like;           // ID_LIKE
  std::string version_id;        // VERSION_ID, e.g. "12"
  std::string version_codename;  // VERSION_CODENAME, e.g. "bookworm"
  std::string pretty_name;       // PRETTY_NAME
  std::string name;              // NAME, e.g. "Debian GNU/Linux"
  std::string version;           // VERSION, e.g. "12 (bookworm)"
  // Every assignment of the file, the fields above included.
  std::map<std::string, std::string> variables;
};

struct HostInventory {
  std::string hostname;
  OsRelease os;
  std::string debian_version;                  // /etc/debian_version, if present
  std::optional<std::string> running_kernel;   // uname -r; unknown for an offline root
  std::vector<std::string> installed_kernels;  // kernel releases of installed linux-image-*
  std::string native_architecture;             // dpkg's native architecture
  std::vector<std::string> foreign_architectures;
  std::vector<InstalledPackage> packages;  // one per name and architecture (StatusDatabase)
  std::vector<std::string> warnings;       // input skipped, with file and line
};

struct InventoryOptions {
  std::optional<std::string> host_name;       // wins over every other source of the name
  std::optional<std::string> running_kernel;  // e.g. `uname -r` taken on the host itself
};

// Reads everything above from `root` ("/" for this machine). Only an unreadable
// dpkg status file is an error; a missing os-release, debian_version or arch
// file, and every skipped stanza or line, is a warning and leaves its fields
// empty.
Expected<HostInventory> read_host_inventory(const RootFs& root, const InventoryOptions& options);

}  // namespace patchplan::inventory
