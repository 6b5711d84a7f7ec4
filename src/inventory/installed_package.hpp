// The installed-package record of one dpkg status stanza, in dpkg's own terms.
#pragma once

#include <cstddef>
#include <string>

namespace patchplan::inventory {

// The selection ("want") part of a Status field (dpkg-query(1), "Desired").
enum class Selection { kUnknown, kInstall, kHold, kDeinstall, kPurge };

// The state part of a Status field.
enum class PackageState {
  kNotInstalled,
  kConfigFiles,
  kHalfInstalled,
  kUnpacked,
  kHalfConfigured,
  kTriggersAwaited,
  kTriggersPending,
  kInstalled,
};

struct InstalledPackage {
  std::string name;
  std::string architecture;    // as recorded: "amd64", "all", "i386", ...
  std::string version;         // the binary version
  std::string source;          // the source package; equals name when no Source field
  std::string source_version;  // the source version; equals version unless "Source: s (v)"
  std::string multi_arch;      // "same", "foreign", "allowed" or empty
  std::string maintainer;      // as recorded; bytes kept as they are (UTF-8 is not checked)
  std::string summary;         // first line of Description (dpkg-query's binary:Summary)
  Selection selection = Selection::kUnknown;
  PackageState state = PackageState::kNotInstalled;
  bool reinstall_required = false;  // the "reinstreq" flag
  std::size_t line = 0;             // line of the stanza in the status file

  // True when files of the package are on disk at `version` (every state but
  // not-installed and config-files), which is when apt treats it as installed.
  [[nodiscard]] bool has_current_version() const {
    return state != PackageState::kNotInstalled && state != PackageState::kConfigFiles;
  }
};

}  // namespace patchplan::inventory
