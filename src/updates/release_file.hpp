// Release and InRelease files: the fields apt stores for a release in its cache
// (debReleaseIndex::Merge) and the clear-signed message armour around InRelease.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "common/root_fs.hpp"

namespace patchplan::updates {

struct ReleaseInfo {
  std::string origin;    // Origin, e.g. "Debian"
  std::string label;     // Label, e.g. "Debian-Security"
  std::string suite;     // Suite (apt's "archive", pin a=), e.g. "oldstable-security"
  std::string codename;  // Codename (pin n=), e.g. "bookworm-security"
  std::string version;   // Version (pin v=), e.g. "12.15"
  std::string date;      // Date as written
  bool not_automatic = false;
  bool but_automatic_upgrades = false;
  std::vector<std::string> architectures;
  std::vector<std::string> components;
};

// The signed message inside a clear-signed file (RFC 4880 7.1), as apt's
// SplitClearSignedFile extracts it: armour headers skipped, "- " dash-escapes removed,
// lines joined by '\n'. nullopt when `text` does not start with the BEGIN line (an
// unsigned Release file). Errors (kInvalidInput, naming `file`): missing parts, an
// unclosed signature, unsigned lines between message and signature.
Expected<std::optional<std::string>> split_clear_signed(std::string_view text,
                                                        std::string_view file);

// Parses the first paragraph of a Release or InRelease text. Unknown flag values are
// ignored with a notice, as apt's FindFlag does. Errors name `file` and the line.
Expected<ReleaseInfo> parse_release(std::string_view text, std::string_view file,
                                    std::vector<std::string>& notices);

// Reads and parses `path` inside `root`.
Expected<ReleaseInfo> read_release_file(const RootFs& root, std::string_view path,
                                        std::vector<std::string>& notices);

}  // namespace patchplan::updates
