// One entry of a Debian changelog (deb-changelog(5)) as patchplan keeps it: who uploaded
// which version where, how urgently, and which CVEs the entry names.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace patchplan::feeds {

struct ChangelogEntry {
  std::string package;                     // the source name of the header line
  std::string version;                     // valid by dpkg's rules (versions module)
  std::vector<std::string> distributions;  // "bookworm-security", "unstable", ...
  std::string urgency;     // lowercased keyword, comment dropped; "" when the header has none
  std::string maintainer;  // "Name <mail>" of the trailer; "" when the entry has no trailer
  std::string date;        // the trailer's date in ISO 8601 ("2026-08-05T12:05:58+02:00");
                           // no offset for RFC 2822's "-0000" (unknown zone); "" when absent
                           // or not a date
  std::vector<std::string> cves;  // "CVE-YYYY-NNNN..." named in the body, first mention order
  std::size_t line = 0;           // line of the header in the file
};

// The entries of one changelog file, newest first as written, and what was skipped.
struct Changelog {
  std::string file;                     // as named in messages
  std::vector<ChangelogEntry> entries;  // entries with a valid header, in file order
  std::vector<std::string> warnings;    // "FILE:LINE: what", one line each
};

}  // namespace patchplan::feeds
