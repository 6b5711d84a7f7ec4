// The reference for version tests and benchmarks: libdpkg's own parseversion and
// dpkg_version_compare, called in-process.
#pragma once

#include <string>
#include <string_view>

extern "C" {
#include <dpkg/version.h>
}

namespace patchplan::versions::testing {

// What libdpkg's parseversion made of one string; owns copies of the parts.
class DpkgVersion {
 public:
  // Parses `text` with parseversion. An embedded NUL ends the string, as in C.
  explicit DpkgVersion(std::string_view text);
  DpkgVersion(const DpkgVersion& other);
  DpkgVersion& operator=(const DpkgVersion& other);
  DpkgVersion(DpkgVersion&& other) noexcept;
  DpkgVersion& operator=(DpkgVersion&& other) noexcept;
  ~DpkgVersion() = default;

  // True when parseversion returned 0: neither an error nor a warning.
  [[nodiscard]] bool accepted() const { return accepted_; }
  // True when parseversion refused with a warning only (dpkg's lax database reading
  // would take the version).
  [[nodiscard]] bool warned() const { return warned_; }
  // parseversion's message when it refused.
  [[nodiscard]] const std::string& message() const { return message_; }

  [[nodiscard]] unsigned epoch() const { return version_.epoch; }
  [[nodiscard]] const std::string& upstream() const { return upstream_; }
  [[nodiscard]] const std::string& revision() const { return revision_; }

  // The parsed version as libdpkg's struct; valid while this object lives.
  [[nodiscard]] const dpkg_version& get() const { return version_; }

 private:
  void point_into_own_strings();

  bool accepted_ = false;
  bool warned_ = false;
  std::string message_;
  std::string upstream_;
  std::string revision_;
  dpkg_version version_{};
};

// dpkg_version_compare on two parsed versions.
int dpkg_compare(const DpkgVersion& a, const DpkgVersion& b);

// parseversion on both NUL-terminated strings, then dpkg_version_compare: dpkg's cost of
// ordering two version strings. Call release_dpkg_parse_memory() now and then.
int dpkg_parse_and_compare(const char* a, const char* b);

// Frees what parseversion allocated (libdpkg's nfmalloc pool) since the last call.
void release_dpkg_parse_memory();

}  // namespace patchplan::versions::testing
