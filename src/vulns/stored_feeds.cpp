// Adapters from the feeds module's reading API to the matcher's indexes.
#include "vulns/stored_feeds.hpp"

namespace patchplan::vulns {
namespace {

// The present feed of `kind`, or nullptr.
const FeedInfo* present_feed(const std::vector<FeedInfo>& feeds, feeds::FeedKind kind) {
  for (const FeedInfo& feed : feeds) {
    if (feed.kind == kind && feed.present) return &feed;
  }
  return nullptr;
}

}  // namespace

std::vector<FeedInfo> feed_infos(const std::vector<feeds::FeedAge>& ages) {
  std::vector<FeedInfo> infos;
  for (const feeds::FeedAge& age : ages) {
    FeedInfo info;
    info.kind = age.kind;
    info.name = age.name;
    info.present = age.state != feeds::FeedState::kMissing && age.info.has_value();
    if (info.present) {
      info.feed_date = age.info->as_of();
      info.source = age.info->source;
      info.fetched_at = age.info->fetched_at;
    }
    info.max_age = std::nullopt;
    if (age.limit) info.max_age = std::chrono::duration_cast<std::chrono::hours>(*age.limit);
    infos.push_back(std::move(info));
  }
  return infos;
}

AdvisoryIndex advisory_index(const feeds::ReleaseAdvisories& release,
                             const std::vector<FeedInfo>& feeds,
                             const std::vector<feeds::SourceVersion>& known_versions) {
  std::vector<feeds::SourceAdvisory> advisories;
  advisories.reserve(release.size());
  for (std::string_view source : release.sources()) {
    for (const feeds::AdvisoryView& view : release.of_source(source)) {
      advisories.push_back(view.expand(source));
    }
  }
  std::vector<FeedInfo> advisory_feeds;
  for (const FeedInfo& feed : feeds) {
    if (feed.kind != feeds::FeedKind::kKev && feed.kind != feeds::FeedKind::kEpss) {
      advisory_feeds.push_back(feed);
    }
  }
  return AdvisoryIndex(std::move(advisories), std::move(advisory_feeds), known_versions);
}

KevIndex kev_index(feeds::KevCatalogMap catalog, const std::vector<FeedInfo>& feeds) {
  const FeedInfo* feed = present_feed(feeds, feeds::FeedKind::kKev);
  if (feed == nullptr) return KevIndex();
  std::vector<feeds::KevEntry> entries;
  entries.reserve(catalog.size());
  for (auto& [cve, entry] : catalog) entries.push_back(std::move(entry));
  return KevIndex(std::move(entries), *feed);
}

EpssIndex epss_index(feeds::EpssTable table, const std::vector<FeedInfo>& feeds) {
  const FeedInfo* feed = present_feed(feeds, feeds::FeedKind::kEpss);
  if (feed == nullptr) return EpssIndex();
  return EpssIndex(table.take_scores(), *feed);
}

}  // namespace patchplan::vulns
