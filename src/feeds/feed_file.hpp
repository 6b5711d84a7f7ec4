// The facts of a feed file that the store records: its digest and modification time.
#pragma once

#include <string>

#include "common/expected.hpp"
#include "store/timestamp.hpp"

namespace patchplan::feeds {

struct FeedFileFacts {
  std::string digest;  // SHA-256 hex of the bytes as stored (compressed, if so)
  store::Timestamp modified;
  std::uint64_t size = 0;
};

// Reads `path` once to hash it (OpenSSL SHA-256). The file must be a regular file.
Expected<FeedFileFacts> feed_file_facts(const std::string& path);

}  // namespace patchplan::feeds
