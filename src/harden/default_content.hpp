// Where the SCAP Security Guide datastream for a host lives by default
// (/usr/share/xml/scap/ssg/content/ssg-<ID><VERSION_ID without dots>-ds.xml, as the
// ssg-debian and ssg-debderived packages install it).
#pragma once

#include <string>

#include "common/expected.hpp"
#include "common/root_fs.hpp"

namespace patchplan::harden {

inline constexpr const char* kSsgContentDir = "/usr/share/xml/scap/ssg/content";

// The datastream for the OS of `root` inside `content_dir`. kNotFound, with the expected file
// named and how to get it, when it is not installed.
Expected<std::string> default_content(const RootFs& root,
                                      const std::string& content_dir = kSsgContentDir);

}  // namespace patchplan::harden
