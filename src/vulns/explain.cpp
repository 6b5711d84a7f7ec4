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

Explanation explain(const Finding& finding, const RankingPolicy& policy, store::Timestamp now) {
  const feeds::SourceAdvisory& advisory = *finding.advisory;
  const inventory::InstalledPackage& package = *finding.package;
  const MatchedSource matched = matched_source(finding);
  Explanation explanation;
  explanation.vulnerability = advisory.vulnerability;
  explanation.package = fmt::format("{}:{}", package.name, package.architecture);
  explanation.installed_version = package.version;
  explanation.source = matched.source;
  explanation.source_version = matched.version;
  explanation.verdict = verdict_line(finding);
  explanation.feed = finding.feed ? finding.feed->name : "unknown feed";
  if (finding.feed) explanation.feed_note = assess_feed(*finding.feed, now).describe();
  explanation.release = advisory.release.empty() ? "any" : advisory.release;
  if (advisory.nodsa) {
    explanation.nodsa = !advisory.nodsa_reason.empty() ? advisory.nodsa_reason
                        : !advisory.nodsa_note.empty() ? advisory.nodsa_note
                                                       : "no reason given";
  }
  explanation.facts = facts_line(finding);
  explanation.tier = finding.tier;
  explanation.rule = rule_name(policy, finding.rule);
  explanation.because = rule_because(policy, finding.rule);
  return explanation;
}

std::string explanation_text(const Explanation& explanation) {
  std::string text =
      fmt::format("{} in {} {} (source {} {})\n", explanation.vulnerability, explanation.package,
                  explanation.installed_version, explanation.source, explanation.source_version);
  text += fmt::format("  verdict: {}\n", explanation.verdict);
  text +=
      fmt::format("  from: {}{}, release {}{}\n", explanation.feed,
                  explanation.feed_note.empty() ? "" : fmt::format(" ({})", explanation.feed_note),
                  explanation.release,
                  explanation.nodsa.empty() ? "" : fmt::format(", no DSA ({})", explanation.nodsa));
  text += fmt::format("  facts: {}\n", explanation.facts);
  text += fmt::format("  tier {}: {} (rule {})\n", assessment::tier_name(explanation.tier),
                      explanation.because, explanation.rule);
  return text;
}

}  // namespace patchplan::vulns
