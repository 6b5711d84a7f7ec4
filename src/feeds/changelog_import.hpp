// `patchplan feeds import-changelogs DIR...`: Debian changelog files turned into
// "fixed in V" advisories for the matcher.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "feeds/advisory.hpp"
#include "feeds/changelog_entry.hpp"
#include "feeds/changelog_parser.hpp"
#include "feeds/source_version.hpp"

namespace patchplan::feeds {

struct ChangelogImport {
  // One kFixed advisory per (source, CVE, version of an entry naming the CVE), release ""
  // (any release whose version space holds that version), ecosystem "debian", feed
  // kDebianChangelog, urgency of the entry. Sorted by source, CVE, version; no duplicates.
  std::vector<SourceAdvisory> advisories;
  std::vector<SourceVersion> versions;   // every entry's (source, version), sorted, unique
  std::vector<std::string> warnings;     // the parser's, and files without entries
  std::vector<std::string> empty_files;  // files in which no entry was found, as named
  std::vector<std::string> empty_dirs;   // directories given that hold no regular file
  std::size_t files = 0;
  std::size_t entries = 0;
};

// The advisories of one parsed changelog. The source is the package of its first (newest)
// entry, which is the source the file belongs to: older entries may name the package
// under an earlier name and still are its history.
void add_changelog(const Changelog& changelog, ChangelogImport& into);

// Reads every path: a file is parsed as a changelog (plain or compressed); a directory
// contributes its regular files, subdirectories included, in name order, hidden entries
// skipped. Errors: a path that does not exist or cannot be read, and a file that cannot be
// decompressed, naming it. A file with no entries is a warning (and in empty_files), a
// directory without files is in empty_dirs: import_changelog_feed refuses both.
Expected<ChangelogImport> import_changelogs(const std::vector<std::string>& paths,
                                            const ChangelogOptions& options = {});

}  // namespace patchplan::feeds
