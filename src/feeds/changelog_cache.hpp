// The cache of candidate changelogs: one gzip file per (source, version), named as the
// shared data names them, so that import_changelogs can read the folder as it is.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/expected.hpp"

namespace patchplan::feeds {

class ChangelogCache {
 public:
  // Uses folder `dir`, creating it (and its parents) when missing. kIo naming it on failure.
  static Expected<ChangelogCache> open(std::string dir);

  [[nodiscard]] const std::string& dir() const { return dir_; }

  // "SOURCE_VERSION.changelog.gz", ':' written "%3a". kInvalidInput for a source name that
  // is not a Debian package name or a version that is not valid (so the name stays one
  // plain file inside the folder).
  static Expected<std::string> file_name(std::string_view source, std::string_view version);

  // The cached file of (source, version), when there is one.
  [[nodiscard]] std::optional<std::string> find(std::string_view source,
                                                std::string_view version) const;

  // Stores `bytes` for (source, version), atomically (written beside, then renamed), and
  // returns the file's path.
  Expected<std::string> store(std::string_view source, std::string_view version,
                              std::string_view bytes) const;

 private:
  explicit ChangelogCache(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace patchplan::feeds
