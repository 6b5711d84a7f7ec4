// FIRST's EPSS daily scores (epss_scores-YYYY-MM-DD.csv.gz): a comment line
// "#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z", the header
// "cve,epss,percentile", then one row per CVE.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/byte_source.hpp"
#include "common/expected.hpp"
#include "feeds/advisory.hpp"
#include "store/timestamp.hpp"

namespace patchplan::feeds {

struct EpssHeader {
  std::string model_version;  // "" when the file has no comment line
  std::optional<store::Timestamp> score_date;
};

// Receives each score, with the line it came from; an error stops the reading.
using EpssSink = std::function<Status(const EpssScore& score, std::uint64_t line)>;

// Reads the file (decompressed by the ByteSource) and hands every row to `sink`. The
// comment line is optional (older files lack it); the header must be exactly
// "cve,epss,percentile"; each row needs a CVE id and two numbers in [0, 1]. Errors are
// "'FILE':LINE: what is wrong". Lines past 4 KiB are refused.
Expected<EpssHeader> read_epss_csv(ByteSource& source, const EpssSink& sink);

}  // namespace patchplan::feeds
