// A (source package, version) pair the distribution is known to have uploaded.
#pragma once

#include <compare>
#include <string>

namespace patchplan::feeds {

// A version the distribution uploaded of a source package: evidence that an installed
// version found in no index is still the distribution's own.
struct SourceVersion {
  std::string source_package;
  std::string version;

  bool operator==(const SourceVersion&) const = default;
  auto operator<=>(const SourceVersion&) const = default;
};

}  // namespace patchplan::feeds
