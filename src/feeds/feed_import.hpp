// Importing one feed file into the store: recognise it, stream it through its loader into
// a FeedWriter, record where it came from and how old it is.
#pragma once

#include <optional>
#include <string>

#include "common/expected.hpp"
#include "feeds/feed_writer.hpp"

namespace patchplan::feeds {

struct ImportRequest {
  std::string path;              // the file to read
  std::optional<FeedKind> kind;  // forces the format; otherwise detect_feed_format decides
  std::string name;              // the feed's name; "" = the default (default_feed_name)
  std::string source;            // recorded origin; "" = the file's absolute path
  std::optional<store::Timestamp> fetched_at;          // set by a download
  std::optional<store::Timestamp> http_last_modified;  // the download's Last-Modified
  std::string etag;                                    // the download's validators
  std::string last_modified;
};

// The feed name of a kind when the request names none: the kind's word ("tracker", "kev",
// "epss"); for OSV "osv:" and the distribution ecosystems of the file ("osv:debian").
std::string default_feed_name(FeedKind kind);

// Imports `request.path`, replacing the stored feed of that kind and name in one
// transaction (FeedWriter). The feed date is the feed's own (KEV dateReleased, EPSS
// score_date, the newest OSV "modified"); the tracker has none, so it is the download's
// Last-Modified, else the file's modification time. A malformed, truncated or hostile file
// is an error naming it, and the stored feed stays as it was.
Expected<ImportSummary> import_feed_file(store::Store& store, const ImportRequest& request,
                                         const ImportContext& context);

}  // namespace patchplan::feeds
