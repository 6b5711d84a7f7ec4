// The configured package sources of a host: sources.list and sources.list.d/*.list
// (one-line format) and sources.list.d/*.sources (deb822), read as apt 2.6 reads them
// (apt-pkg/sourcelist.cc; sources.list(5)).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "common/root_fs.hpp"
#include "updates/apt_config.hpp"

namespace patchplan::updates {

// One (type, URI, suite, component) item, as apt's pkgSourceList::Type::CreateItem gets it.
struct SourceEntry {
  std::string type;       // "deb" or "deb-src"
  std::string uri;        // as written, $(ARCH) replaced, always ending in '/'
  std::string suite;      // "bookworm"; a flat repository's path ends in '/', e.g. "./"
  std::string component;  // empty for a flat repository
  // Options under apt's internal names ("arch", "arch+", "arch-", "trusted", "signed-by",
  // "lang", "target", ...): one-line "[key=value]" options as written, deb822 fields mapped.
  std::map<std::string, std::string> options;
  std::string origin;  // "FILE:LINE" of the line or stanza, for messages
};

struct SourcesList {
  std::vector<SourceEntry> entries;  // in apt's reading order
  std::vector<std::string> notices;  // ignored files, unknown options, missing files
};

// Parses one-line sources text ("deb [opts] URI SUITE COMP..." lines). `file` names it.
// Errors (kInvalidInput) are "FILE:LINE: malformed entry (REASON)" with apt's reasons, or
// an unknown line type.
Expected<std::vector<SourceEntry>> parse_one_line_sources(std::string_view text,
                                                          std::string_view file,
                                                          std::string_view native_architecture,
                                                          std::vector<std::string>& notices);

// Parses deb822 ".sources" text: stanzas with Types, URIs, Suites, Components, Enabled and
// option fields. Errors name "FILE:LINE" of the stanza.
Expected<std::vector<SourceEntry>> parse_deb822_sources(std::string_view text,
                                                        std::string_view file,
                                                        std::string_view native_architecture,
                                                        std::vector<std::string>& notices);

// Reads Dir::Etc::sourcelist, then every *.list and *.sources file of Dir::Etc::sourceparts
// (sorted), as pkgSourceList::ReadMainList does. A missing file or directory is a notice,
// a malformed one an error.
Expected<SourcesList> read_sources_list(const RootFs& root, const AptConfig& config,
                                        std::string_view native_architecture);

}  // namespace patchplan::updates
