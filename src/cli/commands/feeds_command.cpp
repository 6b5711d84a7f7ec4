// `patchplan feeds import|import-changelogs|fetch-changelogs|update|status`: bring vulnerability
// feeds into the store and show how old each one is.
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands/commands.hpp"
#include "cli/commands/feeds_changelogs.hpp"
#include "cli/feed_options.hpp"
#include "cli/host_access.hpp"
#include "feeds/feed_catalog.hpp"
#include "feeds/feed_import.hpp"
#include "feeds/feed_kind.hpp"
#include "feeds/feed_update.hpp"
#include "report/json_text.hpp"
#include "report/schema_version.hpp"
#include "report/terminal.hpp"

namespace patchplan::cli {
namespace {

struct FeedsOptions {
  std::vector<std::string> files;
  std::vector<std::string> changelogs;  // import-changelogs DIR|FILE...
  FetchChangelogsOptions fetch;         // fetch-changelogs
  std::string kind;
  std::string name;
  std::vector<std::string> urls;      // kind=URL
  std::vector<std::string> max_ages;  // kind=DURATION
};

// A time as JSON: its text, or null.
nlohmann::json optional_time(const std::optional<store::Timestamp>& time) {
  if (!time) return nullptr;
  return store::format_timestamp(*time);
}

nlohmann::json summary_json(const feeds::ImportSummary& summary) {
  return {{"kind", feeds::kind_name(summary.kind)},
          {"name", summary.name},
          {"records", summary.records},
          {"skipped", summary.skipped},
          {"digest", summary.digest},
          {"previous_digest", summary.previous_digest},
          {"feed_date", optional_time(summary.feed_date)}};
}

std::string summary_text(const feeds::ImportSummary& summary) {
  return fmt::format(
      "{} records{}{}", summary.records,
      summary.skipped > 0 ? fmt::format(" ({} skipped)", summary.skipped) : "",
      summary.feed_date ? fmt::format(", feed date {}", store::format_timestamp(*summary.feed_date))
                        : "");
}

feeds::ImportContext import_context() { return {store::current_actor("patchplan"), {}}; }

Expected<int> run_import(const FeedsOptions& feeds_options, const GlobalOptions& options) {
  std::optional<feeds::FeedKind> kind;
  if (!feeds_options.kind.empty()) {
    kind = feeds::parse_kind(feeds_options.kind);
    if (!kind || *kind == feeds::FeedKind::kDebianChangelog) {
      return make_error(ErrorCode::kUsage, "--kind '{}': expected tracker, osv, kev or epss",
                        feeds_options.kind);
    }
  }
  auto db = open_store(options);
  if (!db) return db.error();
  nlohmann::json imported = nlohmann::json::array();
  std::string out;
  int failures = 0;
  for (const auto& file : feeds_options.files) {
    feeds::ImportRequest request;
    request.path = file;
    request.kind = kind;
    request.name = feeds_options.name;
    auto summary = feeds::import_feed_file(*db, request, import_context());
    if (!summary) {
      fmt::print(stderr, "patchplan: error: {}\n", summary.error().message);
      ++failures;
      imported.push_back({{"file", file}, {"error", summary.error().message}});
      continue;
    }
    nlohmann::json row = summary_json(*summary);
    row["file"] = file;
    imported.push_back(std::move(row));
    fmt::format_to(std::back_inserter(out), "imported {} feed '{}' from '{}': {}\n",
                   feeds::kind_name(summary->kind), summary->name, file, summary_text(*summary));
  }
  if (options.json) {
    out = report::to_json_text({{"schema_version", report::kSchemaVersion},
                                {"kind", "feeds-import"},
                                {"imports", std::move(imported)}}) +
          "\n";
  }
  print_output(out);
  return failures == 0 ? kExitSuccess : kExitError;
}

Expected<std::vector<feeds::FeedSource>> update_sources(const FeedsOptions& feeds_options) {
  std::map<feeds::FeedKind, std::vector<std::string>> urls;
  for (const auto& source : feeds::default_feed_sources()) urls[source.kind] = {source.url};
  std::map<feeds::FeedKind, bool> overridden;
  for (const auto& text : feeds_options.urls) {
    auto assignment = kind_assignment(text, "--url");
    if (!assignment) return assignment.error();
    auto& list = urls[assignment->first];
    if (!overridden[assignment->first]) list.clear();
    overridden[assignment->first] = true;
    list.push_back(assignment->second);
  }
  std::vector<feeds::FeedSource> sources;
  for (const auto& [kind, list] : urls) {
    for (const auto& url : list) sources.push_back({kind, url});
  }
  return sources;
}

Expected<int> run_update(const FeedsOptions& feeds_options, const GlobalOptions& options) {
  auto sources = update_sources(feeds_options);
  if (!sources) return sources.error();
  auto db = open_store(options);
  if (!db) return db.error();
  const std::string cache = feeds::feed_cache_dir(db->path());
  nlohmann::json rows = nlohmann::json::array();
  std::string out;
  int failures = 0;
  for (const auto& source : *sources) {
    diag::info("downloading {} feed from '{}'", feeds::kind_name(source.kind), source.url);
    auto result = feeds::update_feed(*db, source, cache, import_context());
    nlohmann::json row = {{"kind", feeds::kind_name(source.kind)}, {"url", source.url}};
    if (!result) {
      fmt::print(stderr, "patchplan: error: {}\n", result.error().message);
      ++failures;
      row["outcome"] = "failed";
      row["error"] = result.error().message;
      rows.push_back(std::move(row));
      continue;
    }
    const bool updated = result->outcome == feeds::UpdateOutcome::kUpdated;
    row["outcome"] = updated ? "updated" : "unchanged";
    row["bytes"] = result->bytes;
    row["cache"] = result->cache_path;
    if (result->summary) row["import"] = summary_json(*result->summary);
    rows.push_back(std::move(row));
    fmt::format_to(std::back_inserter(out), "{:<8} {}: {}\n", feeds::kind_name(source.kind),
                   updated ? "updated" : "unchanged",
                   updated ? summary_text(*result->summary) : std::string("not modified"));
  }
  if (options.json) {
    out = report::to_json_text({{"schema_version", report::kSchemaVersion},
                                {"kind", "feeds-update"},
                                {"feeds", std::move(rows)}}) +
          "\n";
  }
  print_output(out);
  return failures == 0 ? kExitSuccess : kExitError;
}

nlohmann::json age_json(const feeds::FeedAge& age) {
  nlohmann::json row = {{"kind", feeds::kind_name(age.kind)},
                        {"name", age.name},
                        {"state", feeds::feed_state_name(age.state)},
                        {"limit_seconds", nullptr}};
  if (age.limit) row["limit_seconds"] = age.limit->count();
  if (!age.info) return row;
  const feeds::FeedInfo& info = *age.info;
  row["source"] = info.source;
  row["imported_at"] = store::format_timestamp(info.imported_at);
  row["fetched_at"] = optional_time(info.fetched_at);
  row["feed_date"] = optional_time(info.feed_date);
  row["feed_version"] = info.feed_version;
  row["age_seconds"] = age.age.count();
  row["records"] = info.records;
  row["skipped"] = info.skipped;
  row["digest"] = info.digest;
  row["notes"] = nlohmann::json::parse(info.notes, nullptr, false);
  return row;
}

std::string status_text(const std::vector<feeds::FeedAge>& ages) {
  const auto terminal = report::Terminal::for_stream(stdout);
  std::string out = fmt::format("{:<8} {:<14} {:>9} {:<24} {:>8} {:>6}  {:<7}  {}\n", "KIND",
                                "NAME", "RECORDS", "FEED DATE", "AGE", "LIMIT", "STATE", "SOURCE");
  for (const auto& age : ages) {
    const std::string limit = age.limit ? feeds::format_duration(*age.limit) : "-";
    const report::Style style = age.state == feeds::FeedState::kFresh   ? report::Style::kGreen
                                : age.state == feeds::FeedState::kStale ? report::Style::kYellow
                                                                        : report::Style::kRed;
    const std::string state =
        terminal.paint(style, fmt::format("{:<7}", feeds::feed_state_name(age.state)));
    if (!age.info) {
      fmt::format_to(std::back_inserter(out), "{:<8} {:<14} {:>9} {:<24} {:>8} {:>6}  {}  {}\n",
                     feeds::kind_name(age.kind), "-", "-", "-", "-", limit, state,
                     "never imported");
      continue;
    }
    const auto& info = *age.info;
    fmt::format_to(std::back_inserter(out), "{:<8} {:<14} {:>9} {:<24} {:>8} {:>6}  {}  {}\n",
                   feeds::kind_name(age.kind), age.name, info.records,
                   info.feed_date ? store::format_timestamp(*info.feed_date) : "-",
                   feeds::format_duration(age.age), limit, state, info.source);
  }
  return out;
}

Expected<int> run_status(const FeedsOptions& feeds_options, const GlobalOptions& options) {
  auto limits = feed_limits(feeds_options.max_ages, "--max-age");
  if (!limits) return limits.error();
  auto db = open_store(options);
  if (!db) return db.error();
  auto ages = feeds::feed_ages(db->database(), store::system_now(), *limits);
  if (!ages) return ages.error();
  if (options.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& age : *ages) rows.push_back(age_json(age));
    print_output(report::to_json_text({{"schema_version", report::kSchemaVersion},
                                       {"kind", "feeds-status"},
                                       {"feeds", std::move(rows)}}) +
                 "\n");
  } else {
    print_output(status_text(*ages));
  }
  return kExitSuccess;
}

}  // namespace

Handler setup_feeds_command(CLI::App& app) {
  auto options = std::make_shared<FeedsOptions>();
  app.require_subcommand(1);
  CLI::App* import = app.add_subcommand(
      "import", "Import feed files (tracker JSON, OSV JSON or zip, KEV JSON, EPSS CSV)");
  import->add_option("FILE", options->files, "Feed files, plain or compressed")->required();
  import->add_option("--kind", options->kind, "Read every FILE as this kind: tracker|osv|kev|epss");
  import->add_option("--name", options->name, "Store the feed under this name");
  CLI::App* changelogs = app.add_subcommand(
      "import-changelogs", "Import debian/changelog files (plain or gzip) as the changelog feed");
  changelogs
      ->add_option("PATH", options->changelogs,
                   "Changelog files, or directories of them (read recursively)")
      ->required();
  CLI::App* fetch = add_fetch_changelogs_command(app, options->fetch);
  CLI::App* update = app.add_subcommand("update", "Download the feeds and import what changed");
  update
      ->add_option("--url", options->urls,
                   "Download KIND from URL (repeatable), e.g. "
                   "--url osv=https://.../Debian/all.zip")
      ->type_name("KIND=URL");
  CLI::App* status = app.add_subcommand("status", "Show each feed's source, date, age and limit");
  status
      ->add_option("--max-age", options->max_ages,
                   "Age limit of KIND (repeatable), e.g. tracker=2d, kev=7d, epss=36h")
      ->type_name("KIND=DURATION");
  return
      [options, import, changelogs, fetch, update](const GlobalOptions& global) -> Expected<int> {
        if (import->parsed()) return run_import(*options, global);
        if (changelogs->parsed()) return run_import_changelogs(options->changelogs, global);
        if (fetch->parsed()) return run_fetch_changelogs(options->fetch, global);
        if (update->parsed()) return run_update(*options, global);
        return run_status(*options, global);
      };
}

}  // namespace patchplan::cli
