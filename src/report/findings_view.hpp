// The vulnerability findings of one assessment with what both output forms need beside
// them: the groups by update, the stored feeds' ages, the ranking policy.
#pragma once

#include <vector>

#include "feeds/feed_catalog.hpp"
#include "vulns/finding.hpp"
#include "vulns/ranking_policy.hpp"
#include "vulns/update_findings.hpp"

namespace patchplan::report {

struct FindingsView {
  const vulns::Findings* findings = nullptr;
  const std::vector<vulns::UpdateFindings>* by_update = nullptr;
  const std::vector<feeds::FeedAge>* feeds = nullptr;  // feed provenance, from the store
  const vulns::RankingPolicy* policy = nullptr;
};

// Whether any advisory feed (tracker, changelog, OSV) is present: without one nothing was
// assessed, which is never "no vulnerabilities".
bool advisories_assessed(const vulns::Findings& findings);

// One line per feed that needs the reader's attention: a missing tracker ("no tracker
// feed imported: vulnerabilities not assessed; run `patchplan feeds update` or `feeds
// import`"), missing KEV or EPSS, stale and undated feeds, then the matcher's notes.
std::vector<std::string> feed_warnings(const vulns::Findings& findings);

}  // namespace patchplan::report
