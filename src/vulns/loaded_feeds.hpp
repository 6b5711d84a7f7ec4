// The stored feeds one assessment needs, loaded from the store into the matcher's indexes:
// the advisories of the host's release, KEV, EPSS, and every feed's age and provenance.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "feeds/feed_catalog.hpp"
#include "store/database.hpp"
#include "vulns/advisory_index.hpp"
#include "vulns/cve_facts.hpp"
#include "vulns/feed_info.hpp"

namespace patchplan::vulns {

struct LoadedFeeds {
  std::vector<feeds::FeedAge> ages;  // every stored feed, plus the missing ones assess needs
  std::vector<FeedInfo> feeds;       // the same for the matcher
  AdvisoryIndex advisories;
  KevIndex kev;
  EpssIndex epss;
};

// Loads the advisories of (`ecosystem`, `release`) ("debian", "bookworm"; release "" loads
// only the release-independent ones), the source versions the changelog feed records, the
// KEV catalog and the EPSS scores, with the feed ages at `now` under `limits`. Held by
// pointer: matchers keep references into it. Errors are the store's.
Expected<std::unique_ptr<LoadedFeeds>> load_feeds(store::Database& db, std::string_view ecosystem,
                                                  std::string_view release,
                                                  const feeds::FeedLimits& limits,
                                                  store::Timestamp now);

}  // namespace patchplan::vulns
