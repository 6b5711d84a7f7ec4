// findings_to_json.
#include "report/findings_json.hpp"

#include "feeds/feed_kind.hpp"
#include "vulns/package_origin.hpp"

namespace patchplan::report {
namespace {

nlohmann::json optional_time(const std::optional<store::Timestamp>& time) {
  if (!time) return nullptr;
  return store::format_timestamp(*time);
}

nlohmann::json nullable(std::string_view text) {
  if (text.empty()) return nullptr;
  return std::string(text);
}

nlohmann::json feed_to_json(const feeds::FeedAge& age) {
  nlohmann::json row = {{"kind", feeds::kind_name(age.kind)},
                        {"name", age.name},
                        {"state", feeds::feed_state_name(age.state)},
                        {"stale", age.state == feeds::FeedState::kStale},
                        {"limit_seconds", nullptr},
                        {"source", nullptr},
                        {"imported_at", nullptr},
                        {"fetched_at", nullptr},
                        {"feed_date", nullptr},
                        {"age_seconds", nullptr},
                        {"records", 0}};
  if (age.limit) row["limit_seconds"] = age.limit->count();
  if (!age.info) return row;
  row["source"] = age.info->source;
  row["imported_at"] = store::format_timestamp(age.info->imported_at);
  row["fetched_at"] = optional_time(age.info->fetched_at);
  row["feed_date"] = optional_time(age.info->feed_date);
  row["age_seconds"] = age.age.count();
  row["records"] = age.info->records;
  return row;
}

nlohmann::json fix_to_json(const vulns::Finding& finding) {
  const feeds::SourceAdvisory& advisory = *finding.advisory;
  const bool fixable = finding.kind == vulns::FindingKind::kFixedByUpdate ||
                       finding.kind == vulns::FindingKind::kFixNotAvailable;
  nlohmann::json by_update = nullptr;
  if (finding.kind == vulns::FindingKind::kFixedByUpdate && finding.update &&
      finding.update->candidate_version) {
    by_update = *finding.update->candidate_version;
  }
  return {{"available", fixable},
          {"version", fixable ? nullable(advisory.fixed_version) : nlohmann::json(nullptr)},
          {"after_version", fixable ? nullable(advisory.last_affected) : nlohmann::json(nullptr)},
          {"by_update", by_update}};
}

constexpr std::string_view kRuntimeUseNotRead = "runtime use was not read";

// Whether the package runs code on the host: its processes and their listening sockets.
nlohmann::json in_use_to_json(const vulns::Findings& findings, const vulns::Finding& finding) {
  const inventory::RuntimeUse* use = findings.runtime_use;
  const bool determined = use != nullptr && use->determined;
  nlohmann::json processes = nlohmann::json::array();
  nlohmann::json listening = nlohmann::json::array();
  std::size_t count = 0;
  if (finding.in_use) {
    count = finding.in_use->process_count;
    for (const inventory::ProcessRef& process : finding.in_use->processes) {
      processes.push_back({{"pid", process.pid}, {"name", process.name}});
    }
    for (const inventory::ListeningSocket& socket : finding.in_use->listening) {
      listening.push_back({{"protocol", socket.protocol},
                           {"address", socket.address},
                           {"port", socket.port},
                           {"pid", socket.process.pid},
                           {"process", socket.process.name}});
    }
  }
  nlohmann::json reason = nullptr;
  if (!determined) reason = use ? use->reason : std::string(kRuntimeUseNotRead);
  return {{"determined", determined},
          {"reason", std::move(reason)},
          {"process_count", count},
          {"processes", std::move(processes)},
          {"listening", std::move(listening)}};
}

nlohmann::json finding_to_json(const FindingsView& view, const vulns::Finding& finding) {
  const feeds::SourceAdvisory& advisory = *finding.advisory;
  const vulns::MatchedSource matched = vulns::matched_source(finding);
  nlohmann::json cvss = nullptr;
  if (advisory.cvss_score) {
    cvss = {{"score", *advisory.cvss_score}, {"vector", nullable(advisory.cvss_vector)}};
  }
  nlohmann::json kev = {{"listed", finding.kev != nullptr}};
  if (finding.kev) {
    kev["date_added"] = finding.kev->date_added;
    kev["due_date"] = finding.kev->due_date;
    kev["known_ransomware"] = finding.kev->known_ransomware;
  }
  nlohmann::json epss = nullptr;
  if (finding.epss) {
    epss = {{"probability", finding.epss->probability}, {"percentile", finding.epss->percentile}};
  }
  nlohmann::json stale = nlohmann::json::array();
  for (const vulns::FeedNote* note : vulns::stale_feeds(*view.findings, finding)) {
    stale.push_back(note->feed->name);
  }
  return {{"vulnerability", advisory.vulnerability},
          {"aliases", advisory.aliases},
          {"package", finding.package->name},
          {"architecture", finding.package->architecture},
          {"installed_version", finding.package->version},
          {"source", std::string(matched.source)},
          {"source_version", std::string(matched.version)},
          {"kind", vulns::finding_kind_name(finding.kind)},
          {"fix", fix_to_json(finding)},
          {"urgency", nullable(advisory.urgency)},
          {"urgency_unconfirmed", advisory.urgency_unconfirmed},
          {"nodsa", advisory.nodsa},
          {"release", nullable(advisory.release)},
          {"cvss", std::move(cvss)},
          {"kev", std::move(kev)},
          {"epss", std::move(epss)},
          {"exposure",
           {{"kind", vulns::exposure_name(finding.exposure)},
            {"reason", vulns::exposure_reason(finding.exposure)}}},
          {"in_use", in_use_to_json(*view.findings, finding)},
          {"tier", assessment::tier_name(finding.tier)},
          {"rule", vulns::rule_name(*view.policy, finding.rule)},
          {"rule_reason", vulns::rule_because(*view.policy, finding.rule)},
          {"feed", finding.feed ? nlohmann::json(finding.feed->name) : nlohmann::json(nullptr)},
          {"stale_feeds", std::move(stale)}};
}

std::string_view origin_word(vulns::OriginClass origin) {
  switch (origin) {
    case vulns::OriginClass::kDistribution:
      return "distribution";
    case vulns::OriginClass::kBackports:
      return "backports";
    case vulns::OriginClass::kThirdParty:
      return "third-party";
    case vulns::OriginClass::kUnknownLocal:
      return "unknown-local";
  }
  return "";
}

// How runtime use was read for the whole host (see inventory/runtime_use.hpp).
nlohmann::json runtime_use_to_json(const inventory::RuntimeUse* use) {
  if (use == nullptr) {
    return {{"determined", false},
            {"reason", kRuntimeUseNotRead},
            {"processes_scanned", 0},
            {"processes_skipped", 0},
            {"processes_without_code", 0}};
  }
  return {{"determined", use->determined},
          {"reason", use->determined ? nlohmann::json(nullptr) : nlohmann::json(use->reason)},
          {"processes_scanned", use->processes_scanned},
          {"processes_skipped", use->processes_skipped},
          {"processes_without_code", use->processes_without_code}};
}

}  // namespace

nlohmann::json findings_to_json(const FindingsView& view) {
  const vulns::Findings& findings = *view.findings;
  nlohmann::json list = nlohmann::json::array();
  std::map<std::string_view, std::size_t> by_tier = {
      {"critical", 0}, {"important", 0}, {"minor", 0}};
  for (const auto* group :
       {&findings.fixable, &findings.unfixed, &findings.end_of_life, &findings.undetermined}) {
    for (const vulns::Finding& finding : *group) {
      list.push_back(finding_to_json(view, finding));
      ++by_tier[assessment::tier_name(finding.tier)];
    }
  }
  nlohmann::json unknown = nlohmann::json::array();
  for (const vulns::UnknownOrigin& binary : findings.unknown_origin) {
    unknown.push_back({{"package", binary.package->name},
                       {"architecture", binary.package->architecture},
                       {"installed_version", binary.package->version},
                       {"origin", origin_word(binary.origin)},
                       {"reason", binary.reason}});
  }
  nlohmann::json feeds = nlohmann::json::array();
  for (const feeds::FeedAge& age : *view.feeds) feeds.push_back(feed_to_json(age));
  std::size_t fixed_by_update = 0;
  for (const auto& group : *view.by_update) fixed_by_update += group.findings.size();
  return {{"assessed", advisories_assessed(findings)},
          {"complete", findings.complete()},
          {"summary",
           {{"findings", findings.size()},
            {"fixed_by_update", fixed_by_update},
            {"updates_with_fixes", view.by_update->size()},
            {"fix_not_available", findings.fixable.size() - fixed_by_update},
            {"unfixed", findings.unfixed.size()},
            {"end_of_life", findings.end_of_life.size()},
            {"undetermined", findings.undetermined.size()},
            {"unknown_origin", findings.unknown_origin.size()},
            {"by_tier", by_tier}}},
          {"findings", std::move(list)},
          {"runtime_use", runtime_use_to_json(findings.runtime_use)},
          {"unknown_origin", std::move(unknown)},
          {"feeds", std::move(feeds)},
          {"warnings", feed_warnings(findings)}};
}

}  // namespace patchplan::report
