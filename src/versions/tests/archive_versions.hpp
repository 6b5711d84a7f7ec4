// Real versions for tests and benchmarks: every Package/Version of the archive indexes
// kept in the shared data folder (bookworm and trixie, 2026-12-04).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/expected.hpp"

namespace patchplan::versions::testing {

struct PackageVersion {
  std::string package;
  std::string version;

  friend bool operator==(const PackageVersion&, const PackageVersion&) = default;
  friend auto operator<=>(const PackageVersion&, const PackageVersion&) = default;
};

// The distinct (package, version) pairs of all *Packages.xz files in
// `shared_dir`/data/debian/lists-2026-12-04 and lists-trixie-2026-12-04, sorted. Fails,
// naming the file, on a read error or a paragraph without Package or Version.
Expected<std::vector<PackageVersion>> read_archive_versions(const std::string& shared_dir);

// Every unordered pair of two different versions of the same package.
std::vector<std::pair<std::string, std::string>> same_package_pairs(
    const std::vector<PackageVersion>& versions);

// The distinct version strings, sorted.
std::vector<std::string> distinct_versions(const std::vector<PackageVersion>& versions);

}  // namespace patchplan::versions::testing
