// One OSV record (osv-schema 1.x, ossf.github.io/osv-schema) turned into SourceAdvisory
// records, one per affected distribution package and affected interval.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "common/expected.hpp"
#include "feeds/tracker_json.hpp"
#include "store/timestamp.hpp"

namespace patchplan::feeds {

struct OsvStats {
  std::uint64_t vulnerabilities = 0;   // records read, withdrawn ones included
  std::uint64_t withdrawn = 0;         // records with "withdrawn": ignored
  std::uint64_t records = 0;           // advisories handed to the sink
  std::uint64_t other_ecosystems = 0;  // affected entries of non-distribution ecosystems
  std::uint64_t without_ranges = 0;    // affected entries with neither ranges nor versions
  std::optional<store::Timestamp> latest_modified;  // the newest "modified"
  std::set<std::string> ecosystems;  // distribution ecosystems seen: "debian", "ubuntu"
};

// Reads `record` and hands its advisories to `sink`. Per affected package of a distribution
// ecosystem: each ECOSYSTEM range is split at its events into intervals, introduced ("0":
// from the first version) up to fixed (kFixed) or last_affected (kFixed with last_affected
// set and no fixed_version: versions up to and including it are affected), or up to no end
// (kOpen). Events of Debian and Ubuntu ranges are put in dpkg order first, as the schema's
// evaluation algorithm asks. An entry without ECOSYSTEM ranges but with versions gives one
// kOpen advisory whose `versions` lists the affected versions. aliases and upstream become
// aliases. severity: a CVSS v3 vector is scored (cvss3_base_score), v4 and v2 vectors are
// kept without a score; Ubuntu's own severity and ecosystem_specific.urgency become the
// urgency. Wrong types are kInvalidInput prefixed with `where`.
Status read_osv_record(const nlohmann::json& record, std::string_view where,
                       const AdvisorySink& sink, OsvStats& stats);

}  // namespace patchplan::feeds
