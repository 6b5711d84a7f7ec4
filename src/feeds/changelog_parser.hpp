// Reading Debian changelog files (deb-changelog(5)) the way dpkg-parsechangelog does.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/byte_source.hpp"
#include "common/expected.hpp"
#include "common/root_fs.hpp"
#include "feeds/changelog_entry.hpp"

namespace patchplan::feeds {

struct ChangelogOptions {
  std::size_t max_line_bytes = 64u << 10;  // a longer line is skipped with a warning
  std::size_t max_bytes = 256u << 20;      // a larger (decompressed) file is refused
  std::size_t max_warnings = 50;           // per file; the rest are counted in one line
};

// Parses a changelog with the state machine of dpkg 1.21 (Dpkg::Changelog::Debian::parse):
// header, change lines, trailer; Emacs/Vim variables and an old-format part end the
// entries. Malformed lines and entries are warnings naming FILE:LINE, as dpkg reports
// them; an entry whose header has an invalid version, or change data with no header, is
// skipped. Errors: read or decompression failures and files over max_bytes.
Expected<Changelog> parse_changelog(ByteSource& source, const ChangelogOptions& options = {});

// Opens `path` inside `root` (plain or compressed) and parses it.
Expected<Changelog> read_changelog(const RootFs& root, std::string_view path,
                                   const ChangelogOptions& options = {});

// Appends to `cves` each "CVE-YYYY-N..." (four-digit year, four or more digits) of `text`
// that is not already there: the id pattern of cve.org, matched case-sensitively as the
// maintainers write it.
void collect_cve_ids(std::string_view text, std::vector<std::string>& cves);

}  // namespace patchplan::feeds
