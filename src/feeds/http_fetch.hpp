// Conditional HTTP downloads of feeds with libcurl, into a file the caller names.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/expected.hpp"
#include "store/timestamp.hpp"

namespace patchplan::feeds {

struct FetchRequest {
  std::string url;            // http:// or https:// only
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
  std::string destination;    // the file the body is written to (created or truncated)
  std::chrono::seconds connect_timeout{30};
  std::chrono::seconds timeout{600};                 // the whole transfer
  std::uint64_t max_bytes = std::uint64_t{2} << 30;  // refuse larger bodies
};

struct FetchResult {
  bool not_modified = false;  // HTTP 304: the stored copy is current; nothing was written
  long status = 0;
  std::string etag;  // the response's validators, to send next time
  std::string last_modified;
  std::optional<store::Timestamp> last_modified_time;  // Last-Modified, parsed
  std::uint64_t bytes = 0;
};

// GETs `request.url`, following up to 5 redirects, and writes a 200 body to
// `request.destination`. Errors (kIo) name the URL: a status other than 200 and 304, a
// connection failure, a body shorter than its Content-Length ("truncated"), a body over
// max_bytes. Only http and https are allowed, redirects included.
Expected<FetchResult> fetch_url(const FetchRequest& request);

}  // namespace patchplan::feeds
