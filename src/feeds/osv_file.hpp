// OSV files as published: one record per JSON file, JSON arrays of records, and the
// per-ecosystem zip exports (osv-vulnerabilities/ECOSYSTEM/all.zip).
#pragma once

#include <string>

#include "common/byte_source.hpp"
#include "common/expected.hpp"
#include "feeds/osv_record.hpp"

namespace patchplan::feeds {

// Reads a JSON document holding one OSV record or an array of them (streamed element by
// element). Errors name the file, and the element index for arrays.
Status read_osv_json(ByteSource& source, const AdvisorySink& sink, OsvStats& stats);

// Reads every entry whose name ends in ".json" of the zip archive `path` (libarchive),
// each as one OSV record of at most 16 MiB. A truncated or corrupt archive, and a
// malformed entry, are kInvalidInput naming the file and the entry.
Status read_osv_zip(const std::string& path, const AdvisorySink& sink, OsvStats& stats);

}  // namespace patchplan::feeds
