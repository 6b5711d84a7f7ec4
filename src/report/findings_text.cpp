// findings_text.
#include "report/findings_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "report/tier_style.hpp"

namespace patchplan::report {
namespace {

constexpr std::size_t kMaxUnfixedLines = 40;

std::string plural(std::size_t count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

// "tracker 5 hours old, changelog, kev missing".
std::string feeds_line(const vulns::Findings& findings) {
  std::vector<std::string> parts;
  for (const vulns::FeedNote& note : findings.feeds) {
    std::string part = note.feed->name;
    if (note.state == vulns::FeedState::kMissing) {
      part += " missing";
    } else if (note.age) {
      part += fmt::format(" {} old{}", feeds::format_duration(*note.age),
                          note.state == vulns::FeedState::kStale ? " (stale)" : "");
    }
    parts.push_back(std::move(part));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string stale_suffix(const std::vector<const vulns::FeedNote*>& stale) {
  if (stale.empty()) return "";
  std::vector<std::string> parts;
  for (const vulns::FeedNote* note : stale) parts.push_back(note->describe());
  return fmt::format("  [stale: {}]", fmt::join(parts, "; "));
}

std::string kev_mark(const vulns::UpdateFindings& group) {
  if (group.kev == 0) return "";
  std::vector<std::string> ids;
  for (const vulns::Finding* finding : group.findings) {
    if (finding->kev) {
      ids.push_back(fmt::format("{} due {}", finding->vulnerability(), finding->kev->due_date));
    }
  }
  return fmt::format("KEV: {}", fmt::join(ids, ", "));
}

// "  in use: sshd listening on tcp/22" or "  in use: 3 processes (cron 512, ...)"; empty
// when no process maps the package.
std::string in_use_mark(const inventory::PackageUse* use) {
  if (use == nullptr) return "";
  if (!use->listening.empty()) {
    const inventory::ListeningSocket& first = use->listening.front();
    std::vector<std::string> sockets;
    for (const inventory::ListeningSocket& socket : use->listening) {
      if (socket.process.pid != first.process.pid) continue;
      std::string name = fmt::format("{}/{}", socket.protocol, socket.port);
      if (std::find(sockets.begin(), sockets.end(), name) == sockets.end()) sockets.push_back(name);
    }
    const std::size_t others = use->listening.size() - sockets.size();
    return fmt::format("  in use: {} listening on {}{}", first.process.name,
                       fmt::join(sockets, ", "),
                       others == 0 ? "" : fmt::format(" (+{} more sockets)", others));
  }
  std::vector<std::string> names;
  for (const inventory::ProcessRef& process : use->processes) {
    names.push_back(fmt::format("{} {}", process.name, process.pid));
  }
  return fmt::format("  in use: {} ({}{})", plural(use->process_count, "process", "processes"),
                     fmt::join(names, ", "), use->process_count > names.size() ? ", ..." : "");
}

std::string updates_table(const FindingsView& view, const Terminal& terminal) {
  struct Row {
    std::string package, versions, count, tier, kev, stale;
    assessment::Tier level;
  };
  std::vector<Row> rows;
  for (const vulns::UpdateFindings& group : *view.by_update) {
    const auto& package = *group.package;
    std::string candidate = group.update && group.update->candidate_version
                                ? *group.update->candidate_version
                                : std::string("newer kernel image");
    rows.push_back(
        {fmt::format("{}:{}", package.name, package.architecture),
         fmt::format("{} -> {}", package.version, candidate), std::to_string(group.findings.size()),
         std::string(assessment::tier_name(group.worst().tier)), kev_mark(group),
         in_use_mark(group.worst().in_use) + stale_suffix(group.stale_feeds), group.worst().tier});
  }
  std::size_t package_width = 7, versions_width = 8;
  for (const Row& row : rows) {
    package_width = std::max(package_width, row.package.size());
    versions_width = std::max(versions_width, row.versions.size());
  }
  std::string out = terminal.paint(
      Style::kBold, fmt::format("  {:<{}}  {:<{}}  {:>5}  {:<9}  {}", "upgrade", package_width,
                                "versions", versions_width, "fixes", "worst", "kev"));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += "\n";
  for (const Row& row : rows) {
    std::string line = fmt::format("  {:<{}}  {:<{}}  {:>5}  {:<9}  {}", row.package, package_width,
                                   row.versions, versions_width, row.count, row.tier, row.kev);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += terminal.paint(tier_style(row.level), line + row.stale) + "\n";
  }
  return out;
}

// The vulnerabilities of `list` by id: worst tier, the binaries, stale feeds.
std::string by_vulnerability(const vulns::Findings& findings,
                             const std::vector<vulns::Finding>& list, std::string_view title,
                             const Terminal& terminal) {
  struct Entry {
    assessment::Tier tier = assessment::Tier::kMinor;
    std::vector<std::string> packages;
    std::set<std::string> stale;
  };
  std::map<std::string_view, Entry> entries;
  for (const vulns::Finding& finding : list) {
    auto [it, added] = entries.try_emplace(finding.vulnerability());
    Entry& entry = it->second;
    if (added || finding.tier < entry.tier) entry.tier = finding.tier;
    entry.packages.push_back(
        fmt::format("{}:{}", finding.package->name, finding.package->architecture));
    for (const vulns::FeedNote* stale : vulns::stale_feeds(findings, finding)) {
      entry.stale.insert(stale->describe());
    }
  }
  std::vector<std::pair<std::string_view, const Entry*>> ordered;
  for (const auto& [id, entry] : entries) ordered.emplace_back(id, &entry);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.second->tier < b.second->tier; });
  std::string out =
      fmt::format("{} ({}):\n", title, plural(ordered.size(), "vulnerability", "vulnerabilities"));
  std::size_t shown = 0;
  for (const auto& [id, entry] : ordered) {
    if (shown++ == kMaxUnfixedLines) {
      out += fmt::format("  ... and {} more (`patchplan assess --json` lists them all)\n",
                         ordered.size() - kMaxUnfixedLines);
      break;
    }
    std::string stale =
        entry->stale.empty() ? "" : fmt::format("  [stale: {}]", fmt::join(entry->stale, "; "));
    out +=
        terminal.paint(tier_style(entry->tier),
                       fmt::format("  {:<16}  {:<9}  {}{}", id, assessment::tier_name(entry->tier),
                                   fmt::join(entry->packages, ", "), stale)) +
        "\n";
  }
  return out;
}

std::string counts_line(const vulns::Findings& findings) {
  std::set<const inventory::InstalledPackage*> eol_packages;
  for (const vulns::Finding& finding : findings.end_of_life) eol_packages.insert(finding.package);
  std::string out = fmt::format("end-of-life: {} in {}; undetermined: {}; unknown origin: {}\n",
                                plural(findings.end_of_life.size(), "finding", "findings"),
                                plural(eol_packages.size(), "package", "packages"),
                                plural(findings.undetermined.size(), "finding", "findings"),
                                plural(findings.unknown_origin.size(), "binary", "binaries"));
  if (!findings.end_of_life.empty() || !findings.undetermined.empty() ||
      !findings.unknown_origin.empty()) {
    out +=
        "  hint: end-of-life packages get no security support (treat as affected), undetermined "
        "ones await the feed's verdict, unknown-origin ones (backports, third-party, local) have "
        "no distribution verdict; `patchplan assess --json` lists them\n";
  }
  return out;
}

}  // namespace

std::string findings_text(const FindingsView& view, const Terminal& terminal) {
  const vulns::Findings& findings = *view.findings;
  std::string out = terminal.paint(Style::kBold, fmt::format("vulnerabilities (feeds: {})",
                                                             feeds_line(findings))) +
                    "\n";
  if (!advisories_assessed(findings)) {
    out += "vulnerabilities not assessed: no advisory feed (tracker, changelog, osv) imported\n";
  } else {
    std::size_t fixed = 0;
    for (const auto& group : *view.by_update) fixed += group.findings.size();
    out += fmt::format("{} fix {}{}\n", plural(view.by_update->size(), "update", "updates"),
                       plural(fixed, "vulnerability finding", "vulnerability findings"),
                       findings.complete() ? "" : " (partial: a feed is missing, see below)");
    if (!view.by_update->empty()) out += updates_table(view, terminal);
    if (findings.runtime_use && !findings.runtime_use->determined) {
      out += fmt::format("in use: {}\n", findings.runtime_use->reason);
    }
    std::vector<vulns::Finding> not_available;
    for (const vulns::Finding& finding : findings.fixable) {
      if (finding.kind == vulns::FindingKind::kFixNotAvailable) not_available.push_back(finding);
    }
    if (!findings.unfixed.empty()) {
      out += by_vulnerability(findings, findings.unfixed, "unfixed: open, no fix yet", terminal);
    }
    if (!not_available.empty()) {
      out += by_vulnerability(findings, not_available,
                              "fixed in a version this host cannot install yet", terminal);
    }
    out += counts_line(findings);
  }
  std::vector<std::string> warnings = feed_warnings(findings);
  if (!warnings.empty()) {
    out += terminal.paint(Style::kYellow, "feed warnings:") + "\n";
    for (const std::string& warning : warnings) out += "  " + warning + "\n";
  }
  return out;
}

}  // namespace patchplan::report
