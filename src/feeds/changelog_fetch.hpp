// The changelogs of a host's candidate versions, taken from the same .debs the update will
// install, through the host's own apt sources (a local mirror: file:/ or copy:/ URIs, or
// http(s)), and cached by source and version.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "common/root_fs.hpp"
#include "feeds/changelog_cache.hpp"
#include "updates/update_assessment.hpp"

namespace patchplan::feeds {

// Where the .deb of one candidate version is.
struct DebLocation {
  std::string package;
  std::string version;
  std::string architecture;
  std::string source;
  std::string source_version;
  std::string archive_uri;  // the source's URI, ending in '/'
  std::string filename;     // the Packages index's Filename, relative to archive_uri
};

struct DebFetchOptions {
  long timeout_seconds = 120;               // per download
  std::size_t max_deb_bytes = 1024u << 20;  // a larger download is refused
};

// For every upgradable package of `updates`, finds its candidate's stanza (package,
// version, architecture) in the Packages lists of the candidate's first release, in the
// root's Dir::State::lists, and returns its location. A candidate whose stanza or
// Filename is not found adds a warning. Errors: the apt configuration cannot be read.
Expected<std::vector<DebLocation>> locate_candidate_debs(const RootFs& root,
                                                         const updates::UpdateAssessment& updates,
                                                         std::vector<std::string>& warnings);

// The .deb of `location` as a local file: file:/ and copy:/ URIs name it directly; http://
// and https:// are downloaded into `scratch_dir` (set `downloaded`, the caller removes
// it). Errors name the URI: an unsupported scheme, a failed or oversized download, a
// missing file.
Expected<std::string> fetch_deb(const DebLocation& location, const std::string& scratch_dir,
                                const DebFetchOptions& options, bool& downloaded);

struct CandidateChangelogs {
  std::vector<std::string> files;  // cached changelog paths, one per (source, version)
  std::size_t from_cache = 0;      // found in the cache
  std::size_t extracted = 0;       // taken from a .deb now
  std::vector<std::string> warnings;
};

// One changelog per distinct (source, source version) of `locations`: from the cache,
// else extracted from the .deb of one of its binaries (the binary named like the source
// first; a binary whose doc folder links to another's is passed over) and stored. A
// source for which no binary gives a changelog adds a warning naming why.
CandidateChangelogs fetch_candidate_changelogs(const std::vector<DebLocation>& locations,
                                               const ChangelogCache& cache,
                                               const DebFetchOptions& options = {});

}  // namespace patchplan::feeds
