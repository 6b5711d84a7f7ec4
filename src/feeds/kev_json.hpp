// The CISA Known Exploited Vulnerabilities catalog (known_exploited_vulnerabilities.json,
// schema known_exploited_vulnerabilities_schema.json).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/byte_source.hpp"
#include "common/expected.hpp"
#include "feeds/advisory.hpp"
#include "store/timestamp.hpp"

namespace patchplan::feeds {

struct KevCatalog {
  std::string catalog_version;  // "2025.08.25"
  store::Timestamp date_released;
  std::vector<KevEntry> entries;
};

// Reads and validates a catalog: the schema's required members with their types, cveID
// as CVE-YYYY-NNNN..., dateAdded and dueDate as YYYY-MM-DD, and `count` equal to the
// number of entries (a catalog cut short is refused). Errors name the file and the entry.
Expected<KevCatalog> read_kev_json(ByteSource& source);

// True for "CVE-" + 4 digits + "-" + 4 to 19 digits, the pattern of the KEV schema.
bool is_cve_id(std::string_view text);

}  // namespace patchplan::feeds
