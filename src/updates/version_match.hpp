// pkgVersionMatch (apt-pkg/versionmatch.cc): whether a pin's "version", "release" or
// "origin" expression matches a version or a package file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "updates/preferences.hpp"
#include "updates/version_table.hpp"

namespace patchplan::updates {

// ExpressionMatches: "/regex/" is a case-insensitive POSIX extended regular expression,
// anything else a case-insensitive fnmatch(3) glob. An empty `text` stands for a field
// apt did not store and never matches.
bool expression_matches(std::string_view pattern, std::string_view text);

class VersionMatcher {
 public:
  // Splits `data` as pkgVersionMatch's constructor: for release pins a bare word is a
  // release name (or a version when it starts with a digit), else "key=value" parts
  // separated by ','; a trailing '*' on a version makes it a prefix.
  VersionMatcher(std::string_view data, PinKind kind);

  // FileMatch on a package file, with the release table for its release fields.
  [[nodiscard]] bool file_matches(const PackageFile& file,
                                  const std::vector<ReleaseEntry>& releases) const;

  // VersionMatches: the version string for version pins, else any of its files.
  [[nodiscard]] bool version_matches(const CacheVersion& version,
                                     const std::vector<PackageFile>& files,
                                     const std::vector<ReleaseEntry>& releases) const;

 private:
  [[nodiscard]] bool release_matches(const ReleaseEntry& release) const;

  PinKind kind_;
  bool valid_ = true;
  bool match_all_ = false;
  std::string version_;  // VerStr
  bool version_prefix_ = false;
  std::string rel_version_, rel_origin_, rel_archive_, rel_codename_, rel_label_;
  std::string rel_release_, rel_component_, rel_architecture_;
  bool rel_version_prefix_ = false;
  std::string site_;  // OrSite
};

}  // namespace patchplan::updates
