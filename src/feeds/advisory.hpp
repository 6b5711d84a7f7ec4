// The normalized records every vulnerability feed is turned into: per source package
// and release, which versions a CVE affects and which version fixes it; plus the CVE-wide
// facts of CISA KEV and FIRST EPSS.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace patchplan::feeds {

// Where a record came from.
enum class FeedKind { kDebianTracker, kDebianChangelog, kOsv, kKev, kEpss };

// What a feed says of one (CVE, source package, release).
enum class AdvisoryStatus {
  kFixed,         // versions before fixed_version are affected
  kOpen,          // affected, no fixed version yet: "no fix available"
  kNotAffected,   // the release never shipped the vulnerable code (tracker fixed_version "0")
  kUndetermined,  // the feed has not decided
  kEndOfLife,     // the release is no longer supported for this package: never "clean"
};

// A statement about one source package in one release. Versions are in the source
// version space of the distribution (Debian: dpkg ordering).
struct SourceAdvisory {
  std::string vulnerability;  // "CVE-2024-1234" (or a feed's own id with CVE aliases)
  std::vector<std::string> aliases;
  std::string ecosystem;  // "debian", "ubuntu", ...
  std::string release;    // codename, e.g. "bookworm"; "" = every release (changelogs)
  std::string source_package;
  AdvisoryStatus status = AdvisoryStatus::kUndetermined;
  std::string introduced;     // first affected version; "" = all earlier versions
  std::string fixed_version;  // with kFixed
  std::string last_affected;  // OSV's last_affected, when given instead of fixed
  // OSV's affected[].versions, space-separated, kept only when the entry has no ECOSYSTEM
  // range (then they are its only statement); the listed versions are the affected ones.
  std::string versions;
  std::string urgency;               // Debian urgency: "low", "medium", "high", "unimportant",
                                     // "not yet assigned", "end-of-life"; "**" suffix stripped
  bool urgency_unconfirmed = false;  // the tracker's "**" suffix
  bool nodsa = false;                // the tracker's "nodsa": no security advisory will be issued
  std::string nodsa_reason;          // the tracker's "nodsa_reason": "postponed", "ignored" or ""
  std::string nodsa_note;            // the tracker's "nodsa" text, e.g. "Minor issue"
  bool next_point_update = false;    // the tracker's "next_point_update": fix in a point release
  std::string scope;                 // the tracker's "scope": "remote", "local" or ""
  std::optional<double> cvss_score;  // when the feed gives one
  std::string cvss_vector;
  FeedKind feed = FeedKind::kDebianTracker;
};

// CISA Known Exploited Vulnerabilities: one catalog entry.
struct KevEntry {
  std::string cve;
  std::string vendor;
  std::string product;
  std::string name;
  std::string date_added;  // YYYY-MM-DD
  std::string due_date;    // YYYY-MM-DD
  bool known_ransomware = false;
};

// FIRST EPSS: probability of exploitation in the next 30 days, and its percentile.
struct EpssScore {
  std::string cve;
  double probability = 0;
  double percentile = 0;
};

}  // namespace patchplan::feeds
