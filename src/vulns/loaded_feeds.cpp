// load_feeds: the store's feeds through the adapters of stored_feeds.hpp.
#include "vulns/loaded_feeds.hpp"

#include "feeds/exploit_tables.hpp"
#include "feeds/release_advisories.hpp"
#include "vulns/stored_feeds.hpp"

namespace patchplan::vulns {

Expected<std::unique_ptr<LoadedFeeds>> load_feeds(store::Database& db, std::string_view ecosystem,
                                                  std::string_view release,
                                                  const feeds::FeedLimits& limits,
                                                  store::Timestamp now) {
  auto ages = feeds::feed_ages(db, now, limits);
  if (!ages) return ages.error();
  auto loaded = std::make_unique<LoadedFeeds>();
  loaded->feeds = feed_infos(*ages);
  loaded->ages = std::move(*ages);
  auto advisories = feeds::load_release_advisories(db, ecosystem, release);
  if (!advisories) return advisories.error();
  auto versions = feeds::load_source_versions(db);
  if (!versions) return versions.error();
  loaded->advisories = advisory_index(*advisories, loaded->feeds, *versions);
  auto kev = feeds::load_kev(db);
  if (!kev) return kev.error();
  loaded->kev = kev_index(std::move(*kev), loaded->feeds);
  auto epss = feeds::load_epss(db);
  if (!epss) return epss.error();
  loaded->epss = epss_index(std::move(*epss), loaded->feeds);
  return loaded;
}

}  // namespace patchplan::vulns
