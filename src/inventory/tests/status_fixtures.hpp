// Status-file fixtures for the inventory tests: stanzas written as dpkg writes them.
#pragma once

#include <string>
#include <string_view>

#include "common/root_fs.hpp"
#include "common/tests/test_files.hpp"
#include "inventory/dpkg_status.hpp"

namespace patchplan::inventory::testing {

using patchplan::testing::TempDir;

// One stanza with the fields dpkg always writes, then `extra` lines (each ending in '\n').
inline std::string stanza(std::string_view name, std::string_view status, std::string_view version,
                          std::string_view extra = "", std::string_view architecture = "amd64") {
  return fmt::format(
      "Package: {}\nStatus: {}\nPriority: optional\nMaintainer: Debian <d@example.org>\n"
      "Architecture: {}\nVersion: {}\n{}Description: the {} package\n long text\n\n",
      name, status, architecture, version, extra, name);
}

// Writes `content` as <dir>/var/lib/dpkg/status and reads it back.
inline Expected<StatusDatabase> read_status_text(const TempDir& dir, std::string_view content) {
  dir.write("var/lib/dpkg/status", content);
  auto root = RootFs::open(dir.path().string());
  if (!root) return root.error();
  return read_dpkg_status(*root);
}

}  // namespace patchplan::inventory::testing
