// advisories_assessed and feed_warnings.
#include "report/findings_view.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace patchplan::report {
namespace {

constexpr std::string_view kImportHint = "run `patchplan feeds update` or `feeds import`";

std::string missing_warning(const vulns::FeedInfo& feed) {
  switch (feed.kind) {
    case feeds::FeedKind::kDebianTracker:
      return fmt::format("no tracker feed imported: vulnerabilities not assessed; {}", kImportHint);
    case feeds::FeedKind::kKev:
      return fmt::format("no kev feed imported: known exploitation (CISA KEV) unknown; {}",
                         kImportHint);
    case feeds::FeedKind::kEpss:
      return fmt::format("no epss feed imported: exploit probabilities (EPSS) unknown; {}",
                         kImportHint);
    case feeds::FeedKind::kDebianChangelog:
      return "no changelog feed imported; run `patchplan feeds import-changelogs DIR`";
    case feeds::FeedKind::kOsv:
      return fmt::format("no osv feed '{}' imported; {}", feed.name, kImportHint);
  }
  return "";
}

}  // namespace

bool advisories_assessed(const vulns::Findings& findings) {
  return std::any_of(findings.feeds.begin(), findings.feeds.end(), [](const vulns::FeedNote& n) {
    return n.feed->kind != feeds::FeedKind::kKev && n.feed->kind != feeds::FeedKind::kEpss &&
           n.state != vulns::FeedState::kMissing;
  });
}

std::vector<std::string> feed_warnings(const vulns::Findings& findings) {
  std::vector<std::string> lines;
  for (const vulns::FeedNote& note : findings.feeds) {
    switch (note.state) {
      case vulns::FeedState::kMissing:
        lines.push_back(missing_warning(*note.feed));
        break;
      case vulns::FeedState::kStale:
        lines.push_back(note.describe() + ": findings from it may be out of date");
        break;
      case vulns::FeedState::kUndated:
        lines.push_back(note.describe());
        break;
      case vulns::FeedState::kFresh:
        break;
    }
  }
  for (const std::string& note : findings.notes) lines.push_back(note);
  return lines;
}

}  // namespace patchplan::report
