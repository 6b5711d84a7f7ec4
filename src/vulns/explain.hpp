// `patchplan assess --explain CVE-...`: why a finding exists and why it got its tier.
#pragma once

#include <string>

#include "vulns/finding.hpp"
#include "vulns/ranking_policy.hpp"

namespace patchplan::vulns {

// The reasoning behind one finding, part by part; the text and JSON forms both read it.
struct Explanation {
  std::string vulnerability;
  std::string package;  // "name:arch"
  std::string installed_version;
  std::string source;  // the source package and version the advisory was matched on
  std::string source_version;
  std::string verdict;    // "fixed in 1.0-2: fixed by the update to 1.0-2", ...
  std::string feed;       // the feed's name, "unknown feed" when the finding has none
  std::string feed_note;  // the feed's age in one phrase; "" without a feed
  std::string release;    // the release the statement is for, "any" when it names none
  std::string nodsa;      // why no DSA is planned, when the tracker says so; "" otherwise
  std::string facts;      // urgency, KEV, EPSS, CVSS and exposure as the policy read them
  assessment::Tier tier = assessment::Tier::kMinor;
  std::string rule;     // the deciding row of the policy ("kev", ..., "fallback")
  std::string because;  // that row's phrase
};

// The package and versions matched, the verdict and the statement behind it (feed, release,
// fixed version), the facts the policy read (KEV with due date, urgency, EPSS, CVSS,
// exposure), the deciding rule of `policy` (the one that ranked the finding), and the feed's
// age at `now`.
Explanation explain(const Finding& finding, const RankingPolicy& policy, store::Timestamp now);

// The explanation in a few lines, the first naming the vulnerability and package.
std::string explanation_text(const Explanation& explanation);

}  // namespace patchplan::vulns
