// Internals shared by parsing and comparison: a version split into views of its text.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/expected.hpp"

namespace patchplan::versions::detail {

// The three parts of a version; the views point into the text that was split.
struct VersionParts {
  std::uint32_t epoch = 0;
  std::string_view upstream;
  std::string_view revision;
};

// Splits and validates `text` with the rules documented at parse_deb_version.
Expected<VersionParts> split_version(std::string_view text);

// Splits `text` that split_version accepts, skipping all checks (the hot path). On other
// input it still returns views inside `text`.
VersionParts split_valid_version(std::string_view text);

// dpkg's verrevcmp (lib/dpkg/version.c) on one part: <0, 0 or >0.
int verrevcmp(std::string_view a, std::string_view b);

// Epoch, then upstream, then revision, as dpkg_version_compare.
int compare_parts(const VersionParts& a, const VersionParts& b);

}  // namespace patchplan::versions::detail
