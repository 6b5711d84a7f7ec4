// OSV ecosystem names ("Debian:12", "Ubuntu:22.04:LTS", "Alpine:v3.19") mapped to the
// ecosystem and release words of the store ("debian"/"bookworm").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace patchplan::feeds {

struct DistributionRelease {
  std::string ecosystem;  // lowercase: "debian", "ubuntu", "ubuntu-pro", "alpine", ...
  std::string release;    // a codename where one is known ("bookworm", "jammy"), else as given
};

// The distribution release an OSV affected[].package.ecosystem names, per the OSV schema's
// ecosystem list (ossf.github.io/osv-schema, "Affected package ecosystems"): the text
// before the first ':' is the distribution, the rest its release. Debian and Ubuntu
// release numbers become codenames (a number this table does not know stays a number);
// Ubuntu's qualifiers other than "LTS" ("Pro", "FIPS") join the ecosystem: "ubuntu-pro".
// Ecosystems without a release (PyPI, npm, "Debian" alone) give nullopt: they are not
// distribution packages.
std::optional<DistributionRelease> distribution_release(std::string_view osv_ecosystem);

// The Debian codename of a release number ("12" -> "bookworm"), or "" when unknown.
std::string_view debian_codename(std::string_view number);

// The Ubuntu codename of a release number ("22.04" -> "jammy"), or "" when unknown.
std::string_view ubuntu_codename(std::string_view number);

}  // namespace patchplan::feeds
