// Streaming a Packages index (or any file of package stanzas) and keeping only the
// stanzas of the packages asked for, with what apt's cache records of each version.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/byte_source.hpp"
#include "common/deb822.hpp"
#include "common/expected.hpp"
#include "updates/version_identity.hpp"

namespace patchplan::updates {

// One stanza as apt's debListParser reads it for the cache (NewVersion, UsePackage).
struct PackageStanza {
  std::string package;                               // lowercased, as apt normalises names
  std::string architecture;                          // as written; "none" when the field is missing
  std::string version;                               // as written
  std::string source;                                // Source name, the package name when absent
  std::string source_version;                        // the "(version)" of Source, else the version
  std::optional<unsigned> phased_update_percentage;  // only when present and valid
  VersionIdentity identity;
  std::size_t line = 0;  // first line of the stanza
};

// Reads the fields of one paragraph. Errors name `file` and the line.
Expected<PackageStanza> parse_package_stanza(const Paragraph& paragraph, std::string_view file);

// The Package field of a paragraph, found without parsing the rest (it is normally the
// first line); empty when there is none.
std::string_view quick_package_name(std::string_view paragraph_text);

// Streams `source`; for each stanza with a Version whose lowercased Package passes
// `wanted`, calls `visit`. Stanzas without a version are skipped as apt skips them for
// versions. Oversized stanzas are reported in `notices`. Errors: read or decompression
// failures and malformed wanted stanzas, naming the file.
Status read_package_stanzas(std::unique_ptr<ByteSource> source,
                            const std::function<bool(std::string_view package)>& wanted,
                            const std::function<void(PackageStanza&&)>& visit,
                            std::vector<std::string>& notices);

}  // namespace patchplan::updates
