// The libdpkg oracle: parseversion and dpkg_version_compare of the installed dpkg.
#include "versions/tests/dpkg_oracle.hpp"

#include <string>
#include <utility>

extern "C" {
#include <dpkg/dpkg-db.h>
#include <dpkg/error.h>
}

namespace patchplan::versions::testing {

DpkgVersion::DpkgVersion(std::string_view text) {
  const std::string terminated(text);
  dpkg_error error = DPKG_ERROR_INIT;
  dpkg_version parsed{};
  accepted_ = parseversion(&parsed, terminated.c_str(), &error) == 0;
  warned_ = error.type == DPKG_MSG_WARN;
  if (error.str != nullptr) message_ = error.str;
  dpkg_error_destroy(&error);

  version_.epoch = parsed.epoch;
  if (parsed.version != nullptr) upstream_ = parsed.version;
  if (parsed.revision != nullptr) revision_ = parsed.revision;
  point_into_own_strings();
  release_dpkg_parse_memory();
}

DpkgVersion::DpkgVersion(const DpkgVersion& other)
    : accepted_(other.accepted_),
      warned_(other.warned_),
      message_(other.message_),
      upstream_(other.upstream_),
      revision_(other.revision_),
      version_(other.version_) {
  point_into_own_strings();
}

DpkgVersion& DpkgVersion::operator=(const DpkgVersion& other) {
  DpkgVersion copy(other);
  *this = std::move(copy);
  return *this;
}

DpkgVersion::DpkgVersion(DpkgVersion&& other) noexcept
    : accepted_(other.accepted_),
      warned_(other.warned_),
      message_(std::move(other.message_)),
      upstream_(std::move(other.upstream_)),
      revision_(std::move(other.revision_)),
      version_(other.version_) {
  point_into_own_strings();
  other.point_into_own_strings();
}

DpkgVersion& DpkgVersion::operator=(DpkgVersion&& other) noexcept {
  accepted_ = other.accepted_;
  warned_ = other.warned_;
  message_ = std::move(other.message_);
  upstream_ = std::move(other.upstream_);
  revision_ = std::move(other.revision_);
  version_.epoch = other.version_.epoch;
  point_into_own_strings();
  other.point_into_own_strings();
  return *this;
}

// Short strings live inside the object, so the pointers are renewed after every copy.
void DpkgVersion::point_into_own_strings() {
  version_.version = upstream_.c_str();
  version_.revision = revision_.c_str();
}

int dpkg_compare(const DpkgVersion& a, const DpkgVersion& b) {
  return dpkg_version_compare(&a.get(), &b.get());
}

int dpkg_parse_and_compare(const char* a, const char* b) {
  dpkg_version a_version{};
  dpkg_version b_version{};
  dpkg_error error = DPKG_ERROR_INIT;
  parseversion(&a_version, a, &error);
  dpkg_error_destroy(&error);
  parseversion(&b_version, b, &error);
  dpkg_error_destroy(&error);
  return dpkg_version_compare(&a_version, &b_version);
}

void release_dpkg_parse_memory() { nffreeall(); }

}  // namespace patchplan::versions::testing
