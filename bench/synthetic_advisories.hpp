// A Debian Security Tracker of full size, made from real names: every source package of the
// bookworm indexes gets advisories for bullseye, bookworm and trixie, with real CVE ids (the
// changelogs' and KEV's) and fixed versions taken from the source's real version history.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "feeds/advisory.hpp"

namespace patchplan::bench {

struct SourceHistory {
  std::vector<std::string> versions;  // every version the changelogs or indexes name
};

struct SyntheticInput {
  std::map<std::string, SourceHistory> sources;  // by source package
  std::vector<std::string> cve_ids;              // real ids to draw from
};

// Reads bookworm-binary-source.tsv and both changelog tables of `shared_dir`/data/debian.
SyntheticInput read_synthetic_input(const std::string& shared_dir);

// About `target` advisories over the three releases: per source a number of CVEs that
// follows the tracker's skew (most sources few, "linux" thousands); statuses in the
// tracker's proportions (fixed, not affected "0", open, undetermined, end-of-life) and
// urgencies low, medium, high, unimportant, not yet assigned. Deterministic for `seed`.
std::vector<feeds::SourceAdvisory> make_tracker_advisories(const SyntheticInput& input,
                                                           std::size_t target, std::uint64_t seed);

}  // namespace patchplan::bench
