// The Debian Security Tracker's JSON export (security-tracker.debian.org/tracker/data/json),
// read as a stream into SourceAdvisory records, one per (source package, issue, release).
#pragma once

#include <cstdint>
#include <functional>

#include "common/byte_source.hpp"
#include "common/expected.hpp"
#include "feeds/advisory.hpp"
#include "feeds/json_input.hpp"

namespace patchplan::feeds {

// Receives each record; the reference is valid during the call only. An error stops the
// reading and is returned by read_tracker_json.
using AdvisorySink = std::function<Status(const SourceAdvisory& advisory)>;

struct TrackerStats {
  std::uint64_t packages = 0;
  std::uint64_t issues = 0;             // (source package, issue id) pairs
  std::uint64_t records = 0;            // records handed to the sink
  std::uint64_t unusable_versions = 0;  // fixed_version not a Debian version: kUndetermined
  std::uint64_t unknown_statuses = 0;   // a status word this reader does not know
};

// Reads the tracker's document from `source` and hands every release entry to `sink`.
// The shape is {source: {issue: {description, scope, debianbug, releases: {codename:
// {status, repositories, fixed_version, urgency, nodsa, nodsa_reason,
// next_point_update}}}}} (bin/tracker_service.py, page_json); unknown members are skipped,
// members of the wrong type are kInvalidInput naming the file, the package, issue and
// release, and the line and column. Memory stays bounded by `limits`, whatever the size.
Status read_tracker_json(ByteSource& source, const AdvisorySink& sink, TrackerStats& stats,
                         const detail::JsonLimits& limits = {});

}  // namespace patchplan::feeds
