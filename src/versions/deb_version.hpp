// Debian package versions: parsing as dpkg does and ordering by dpkg's verrevcmp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/expected.hpp"

namespace patchplan::versions {

// The largest epoch dpkg accepts (lib/dpkg/parsehelp.c parseversion: INT_MAX).
inline constexpr std::uint32_t kMaxEpoch = 2147483647;

// A version "[epoch:]upstream[-revision]" split as in Debian Policy 5.6.12. An absent
// revision is the empty string, which orders equal to "0".
struct DebVersion {
  std::uint32_t epoch = 0;
  std::string upstream;
  std::string revision;

  // The version as dpkg writes it: the epoch only when non-zero or when the upstream part
  // contains ':' (dpkg's "non-ambiguous" form), the revision only when non-empty.
  // parse_deb_version(v.to_string()) gives v back for every v that parse produced.
  [[nodiscard]] std::string to_string() const;
};

// Parses `text` by the rules of dpkg's parseversion (lib/dpkg/parsehelp.c, dpkg 1.21):
// blanks (space, tab) around the version are ignored; the epoch is the text before the
// first ':'; the revision follows the LAST '-'. Errors (kInvalidInput, naming the version
// in quotes and the reason): empty version, embedded blank, empty or non-numeric or too
// large epoch, nothing after the epoch, empty revision after '-', empty upstream.
//
// dpkg reports two further faults only as warnings: "version number does not start with
// digit" and "invalid character in version/revision number" (upstream allows alphanumerics
// and ".+-~:", the revision alphanumerics and ".+~"). dpkg refuses such versions in a new
// package and only tolerates them, with a warning, when reading its own database; so they
// are errors here: we accept only what dpkg takes without complaint.
//
// Deliberately stricter than dpkg in one point: dpkg reads the epoch with strtol, which
// also takes "+1:0", "-0:1" and leading whitespace such as "\n1:0". Policy 5.6.12 makes the
// epoch an unsigned integer and dpkg never writes such forms back, so they are refused
// here ("epoch ... is not a number"), which also keeps compare_deb_version_strings exact.
Expected<DebVersion> parse_deb_version(std::string_view text);

// Orders two versions as dpkg_version_compare (lib/dpkg/version.c): epochs numerically,
// then upstream, then revision by verrevcmp (Policy 5.6.12). Returns <0, 0 or >0.
int compare_deb_versions(const DebVersion& a, const DebVersion& b);

// The same order on version strings, without allocating. Both strings must be accepted
// by parse_deb_version; for other input the result is unspecified (but memory-safe).
int compare_deb_version_strings(std::string_view a, std::string_view b);

// Validates both strings with parse_deb_version's rules, then compares them. The error is
// the first invalid version's parse error.
Expected<int> compare_checked(std::string_view a, std::string_view b);

}  // namespace patchplan::versions
