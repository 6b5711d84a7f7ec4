// explain(): the reasoning behind one finding, in plain lines.
#include "vulns/explain.hpp"

#include <fmt/format.h>

#include "vulns/package_origin.hpp"

namespace patchplan::vulns {
namespace {

std::string verdict_line(const Finding& finding) {
  const feeds::SourceAdvisory& advisory = *finding.advisory;
  const std::string candidate = finding.update && finding.update->candidate_version
                                    ? *finding.update->candidate_version
                                    : std::string("(none)");
  switch (finding.kind) {
    case FindingKind::kFixedByUpdate:
      return fmt::format("fixed in {}: fixed by the update to {}",
                         advisory.fixed_version.empty()
                             ? "a version after " + advisory.last_affected
                             : advisory.fixed_version,
                         candidate);
    case FindingKind::kFixNotAvailable:
      return fmt::format(
          "fixed in {}: fix not yet available to this host (candidate {})",
          advisory.fixed_version.empty() ? "a later version" : advisory.fixed_version, candidate);
    case FindingKind::kNoFixYet:
      return "affected, no fix available yet";
    case FindingKind::kEndOfLife:
      return "the release gets no security support for this package: treated as affected";
    case FindingKind::kUndetermined:
      return "undetermined: the feed has not decided";
  }
  return "";
}

std::string facts_line(const Finding& finding) {
  const feeds::SourceAdvisory& advisory = *finding.advisory;
  std::string facts =
      fmt::format("urgency {}{}", advisory.urgency.empty() ? "not given" : advisory.urgency,
                  advisory.urgency_unconfirmed ? " (unconfirmed)" : "");
  if (finding.kev) {
    facts += fmt::format("; in CISA KEV since {}, due {}{}", finding.kev->date_added,
                         finding.kev->due_date,
                         finding.kev->known_ransomware ? ", used by ransomware" : "");
  } else {
    facts += "; not in CISA KEV";
  }
  if (finding.epss) {
    facts += fmt::format("; EPSS {:.4f} (percentile {:.4f})", finding.epss->probability,
                         finding.epss->percentile);
  } else {
    facts += "; no EPSS score";
  }
  if (advisory.cvss_score) facts += fmt::format("; CVSS {:.1f}", *advisory.cvss_score);
  facts += fmt::format("; exposure {}", exposure_name(finding.exposure));
  return facts;
}

}  // namespace

std::string explain(const Finding& finding, const RankingPolicy& policy, store::Timestamp now) {
  const feeds::SourceAdvisory& advisory = *finding.advisory;
  const inventory::InstalledPackage& package = *finding.package;
  const MatchedSource matched = matched_source(finding);
  std::string text =
      fmt::format("{} in {}:{} {} (source {} {})\n", advisory.vulnerability, package.name,
                  package.architecture, package.version, matched.source, matched.version);
  text += fmt::format("  verdict: {}\n", verdict_line(finding));
  std::string feed_name = finding.feed ? finding.feed->name : "unknown feed";
  std::string age;
  if (finding.feed) {
    FeedNote note = assess_feed(*finding.feed, now);
    age = fmt::format(" ({})", note.describe());
  }
  text += fmt::format("  from: {}{}, release {}{}\n", feed_name, age,
                      advisory.release.empty() ? "any" : advisory.release,
                      advisory.nodsa ? fmt::format(", no DSA ({})", advisory.nodsa_reason) : "");
  text += fmt::format("  facts: {}\n", facts_line(finding));
  text += fmt::format("  tier {}: {} (rule {})\n", assessment::tier_name(finding.tier),
                      rule_because(policy, finding.rule), rule_name(policy, finding.rule));
  return text;
}

}  // namespace patchplan::vulns
