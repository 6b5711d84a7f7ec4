// The expectation of issue 3's done-criterion, built without patchplan's own readers: on a
// host root, with the shared Debian changelogs as the only source, the (installed binary,
// CVE) pairs named in changelog entries newer than the installed source version and not
// newer than the candidate. Sources: the changelog tables (TSV), dpkg-query for what is
// installed, apt-cache policy for the candidates, the archive's binary-to-source table, and
// libdpkg for version order.
#pragma once

#include <filesystem>
#include <set>
#include <string>

namespace patchplan::vulns::testing {

using Pairs = std::set<std::string>;  // "binary:arch CVE"

// The pairs for the root at `host` (uses the test's own temporary apt sandbox).
Pairs expected_changelog_pairs(const std::filesystem::path& host);

// Up to 20 pairs only in `ours` and 20 only in `expected`, one per line, for a failure.
std::string pair_difference(const Pairs& ours, const Pairs& expected);

}  // namespace patchplan::vulns::testing
