// Recognising a feed file by its content: compression and zip magic bytes, then the shape
// of the JSON or the CSV header.
#pragma once

#include <string>

#include "common/expected.hpp"
#include "feeds/advisory.hpp"

namespace patchplan::feeds {

struct FeedFormat {
  FeedKind kind = FeedKind::kDebianTracker;
  bool zip = false;  // an OSV zip export
};

// Looks at `path`: a zip archive (PK\3\4) is an OSV export; otherwise the start of the
// content (decompressed if xz, gzip, lz4 or zstd) decides: an EPSS comment or header line;
// a JSON object with KEV's catalogVersion/vulnerabilities members; an OSV record (an
// object with "id" and "modified", "affected" or "schema_version") or an array of them;
// an object of objects keyed by issue ids (CVE-, TEMP-) or holding "releases": the
// tracker. kInvalidInput when none fits; the message says to use --kind.
Expected<FeedFormat> detect_feed_format(const std::string& path);

// The same decision on the first (decompressed) bytes of a file; exposed for tests.
Expected<FeedKind> detect_text_kind(std::string_view prefix, const std::string& name);

}  // namespace patchplan::feeds
