// The Debian changelog inside a binary package: usr/share/doc/PACKAGE/changelog.Debian.gz
// (changelog.gz for native packages), read out of the .deb with libarchive.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/expected.hpp"

namespace patchplan::feeds {

// The changelog file of `package` in the .deb at `deb_path`, as stored (normally gzip),
// read from the data member (data.tar, .gz, .xz, .zst or .bz2) of the ar archive
// (deb(5)). Errors: kNotFound when the package has no changelog of its own (its doc
// folder is a symlink to another package's, or it ships none), naming the .deb;
// kInvalidInput for a file that is not a .deb, is truncated, or holds a changelog larger
// than `max_bytes`; kIo when the file cannot be read.
Expected<std::string> extract_deb_changelog(const std::string& deb_path, std::string_view package,
                                            std::size_t max_bytes = 16u << 20);

}  // namespace patchplan::feeds
