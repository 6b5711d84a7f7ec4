// findings_by_update, stale_feeds and prioritise_by_findings.
#include "vulns/update_findings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace patchplan::vulns {

std::vector<const FeedNote*> stale_feeds(const Findings& findings, const Finding& finding) {
  std::vector<const FeedNote*> stale;
  for (const FeedNote& note : findings.feeds) {
    if (note.state != FeedState::kStale) continue;
    if (note.feed == finding.feed || note.feed->kind == feeds::FeedKind::kKev ||
        note.feed->kind == feeds::FeedKind::kEpss) {
      stale.push_back(&note);
    }
  }
  return stale;
}

std::vector<UpdateFindings> findings_by_update(const Findings& findings) {
  std::map<const inventory::InstalledPackage*, UpdateFindings> groups;
  for (const Finding& finding : findings.fixable) {
    if (finding.kind != FindingKind::kFixedByUpdate) continue;
    UpdateFindings& group = groups[finding.package];
    group.package = finding.package;
    group.update = finding.update;
    group.findings.push_back(&finding);
    if (finding.kev) ++group.kev;
    for (const FeedNote* stale : stale_feeds(findings, finding)) {
      if (std::find(group.stale_feeds.begin(), group.stale_feeds.end(), stale) ==
          group.stale_feeds.end()) {
        group.stale_feeds.push_back(stale);
      }
    }
  }
  std::vector<UpdateFindings> out;
  out.reserve(groups.size());
  for (auto& [package, group] : groups) {
    std::stable_sort(
        group.findings.begin(), group.findings.end(), [](const Finding* a, const Finding* b) {
          return std::tuple(a->tier, a->vulnerability()) < std::tuple(b->tier, b->vulnerability());
        });
    out.push_back(std::move(group));
  }
  std::sort(out.begin(), out.end(), [](const UpdateFindings& a, const UpdateFindings& b) {
    return std::tie(a.worst().tier, a.package->name, a.package->architecture) <
           std::tie(b.worst().tier, b.package->name, b.package->architecture);
  });
  return out;
}

void prioritise_by_findings(assessment::HostAssessment& host,
                            const std::vector<UpdateFindings>& groups,
                            const RankingPolicy& policy) {
  for (assessment::PendingUpdate& pending : host.pending) {
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const UpdateFindings& g) { return g.update == pending.update; });
    if (group == groups.end()) continue;
    const Finding& worst = group->worst();
    pending.priority.tier = worst.tier;
    pending.priority.reason =
        fmt::format("fixes {} vulnerabilit{}, worst {}: {}", group->findings.size(),
                    group->findings.size() == 1 ? "y" : "ies", worst.vulnerability(),
                    rule_because(policy, worst.rule));
  }
  std::stable_sort(host.pending.begin(), host.pending.end(),
                   [](const assessment::PendingUpdate& a, const assessment::PendingUpdate& b) {
                     return std::tie(a.priority.tier, a.update->name, a.update->architecture) <
                            std::tie(b.priority.tier, b.update->name, b.update->architecture);
                   });
}

}  // namespace patchplan::vulns
