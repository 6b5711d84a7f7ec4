// The matcher's inputs made from what the feeds module loads out of the store: feed ages,
// one release's advisories, the KEV catalog.
#pragma once

#include <vector>

#include "feeds/changelog_import.hpp"
#include "feeds/exploit_tables.hpp"
#include "feeds/feed_catalog.hpp"
#include "feeds/release_advisories.hpp"
#include "vulns/advisory_index.hpp"
#include "vulns/cve_facts.hpp"

namespace patchplan::vulns {

// One FeedInfo per entry of feeds::feed_ages: present unless kMissing, dated by the
// feed's as_of() (its own date or the last download that confirmed it), with the limit
// feed_ages applied (none for changelogs), its source and download time.
std::vector<FeedInfo> feed_infos(const std::vector<feeds::FeedAge>& ages);

// The advisories of `release` (expanded from its pooled form) with the advisory feeds of
// `feeds` (tracker, changelog, OSV) for provenance.
AdvisoryIndex advisory_index(const feeds::ReleaseAdvisories& release,
                             const std::vector<FeedInfo>& feeds,
                             const std::vector<feeds::SourceVersion>& known_versions = {});

// The KEV catalog with the KEV feed of `feeds` (missing when it has none).
KevIndex kev_index(feeds::KevCatalogMap catalog, const std::vector<FeedInfo>& feeds);

// The EPSS scores (moved out of `table`) with the EPSS feed of `feeds` (missing when it
// has none).
EpssIndex epss_index(feeds::EpssTable table, const std::vector<FeedInfo>& feeds);

}  // namespace patchplan::vulns
