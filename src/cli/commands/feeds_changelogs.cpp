// run_import_changelogs, run_fetch_changelogs: the changelog cache, then the changelog
// feed rebuilt from it, printed.
#include "cli/commands/feeds_changelogs.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "assessment/host_assessment.hpp"
#include "cli/host_access.hpp"
#include "common/diagnostics.hpp"
#include "feeds/changelog_feed.hpp"
#include "feeds/changelog_fetch.hpp"
#include "report/json_text.hpp"
#include "report/schema_version.hpp"

namespace patchplan::cli {
namespace {

feeds::ImportContext import_context() { return {store::current_actor("patchplan"), {}}; }

Expected<feeds::ChangelogCache> open_cache(const std::string& override_dir,
                                           const store::Store& db) {
  return feeds::ChangelogCache::open(override_dir.empty() ? feeds::changelog_cache_dir(db.path())
                                                          : override_dir);
}

bool cache_is_empty(const feeds::ChangelogCache& cache) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(cache.dir(), error)) {
    if (!entry.path().filename().string().starts_with(".")) return false;
  }
  return true;
}

nlohmann::json feed_json(const feeds::ChangelogFeedSummary& feed) {
  return {{"name", feed.summary.name},
          {"files", feed.files},
          {"entries", feed.entries},
          {"advisories", feed.summary.records},
          {"versions", feed.versions},
          {"digest", feed.summary.digest},
          {"previous_digest", feed.summary.previous_digest},
          {"warnings", feed.warnings}};
}

std::string feed_text(const feeds::ChangelogFeedSummary& feed) {
  return fmt::format(
      "changelog feed '{}' from {} files: {} entries, {} CVE fixes, {} source versions{}{}",
      feed.summary.name, feed.files, feed.entries, feed.summary.records, feed.versions,
      feed.warnings.empty() ? "" : fmt::format(", {} lines skipped", feed.warnings.size()),
      feed.summary.previous_digest == feed.summary.digest ? " (unchanged)" : "");
}

}  // namespace

CLI::App* add_fetch_changelogs_command(CLI::App& app, FetchChangelogsOptions& options) {
  CLI::App* fetch = app.add_subcommand(
      "fetch-changelogs",
      "Fetch the changelogs of the pending updates' .debs through the host's apt sources");
  fetch->add_option("--cache", options.cache,
                    "Changelog cache folder (default: 'changelogs' beside the database)");
  return fetch;
}

Expected<int> run_import_changelogs(const std::vector<std::string>& paths,
                                    const GlobalOptions& options) {
  auto db = open_store(options);
  if (!db) return db.error();
  auto cache = open_cache("", *db);
  if (!cache) return cache.error();
  auto copied = feeds::cache_changelog_files(*cache, paths);
  if (!copied) return copied.error();
  auto imported = feeds::rebuild_changelog_feed(*db, *cache, import_context());
  if (!imported) return imported.error();
  for (const std::string& warning : imported->warnings) diag::warning("{}", warning);
  if (options.json) {
    nlohmann::json doc = feed_json(*imported);
    doc["schema_version"] = report::kSchemaVersion;
    doc["kind"] = "feeds-import-changelogs";
    doc["cached"] = *copied;
    doc["cache"] = cache->dir();
    print_output(report::to_json_text(doc) + "\n");
  } else {
    print_output(fmt::format("cached {} changelogs in '{}'\nimported {}\n", *copied, cache->dir(),
                             feed_text(*imported)));
  }
  return kExitSuccess;
}

Expected<int> run_fetch_changelogs(const FetchChangelogsOptions& fetch,
                                   const GlobalOptions& options) {
  auto db = open_store(options);
  if (!db) return db.error();
  auto cache = open_cache(fetch.cache, *db);
  if (!cache) return cache.error();
  auto root = open_root(options);
  if (!root) return root.error();
  assessment::AssessOptions assess_options;
  assess_options.inventory.host_name = options.host;
  auto host = assessment::assess_host(*root, assess_options);
  if (!host) return host.error();
  for (const auto& warning : host->host.warnings) diag::warning("{}", warning);
  for (const auto& warning : host->updates.warnings) diag::warning("{}", warning);

  std::vector<std::string> warnings;
  auto locations = feeds::locate_candidate_debs(*root, host->updates, warnings);
  if (!locations) return locations.error();
  feeds::CandidateChangelogs fetched = feeds::fetch_candidate_changelogs(*locations, *cache);
  warnings.insert(warnings.end(), fetched.warnings.begin(), fetched.warnings.end());
  for (const std::string& warning : warnings) diag::warning("{}", warning);

  std::optional<feeds::ChangelogFeedSummary> feed;
  if (!cache_is_empty(*cache)) {
    auto rebuilt = feeds::rebuild_changelog_feed(*db, *cache, import_context());
    if (!rebuilt) return rebuilt.error();
    for (const std::string& warning : rebuilt->warnings) diag::warning("{}", warning);
    feed = std::move(*rebuilt);
  }
  if (options.json) {
    print_output(report::to_json_text({{"schema_version", report::kSchemaVersion},
                                       {"kind", "feeds-fetch-changelogs"},
                                       {"host", host->host.hostname},
                                       {"cache", cache->dir()},
                                       {"pending", host->pending.size()},
                                       {"from_cache", fetched.from_cache},
                                       {"extracted", fetched.extracted},
                                       {"warnings", warnings},
                                       {"feed", feed ? feed_json(*feed) : nlohmann::json()}}) +
                 "\n");
  } else {
    print_output(fmt::format(
        "{}: {} pending updates, {} changelogs from cache, {} extracted now into '{}', {} "
        "warnings\n{}\n",
        host->host.hostname, host->pending.size(), fetched.from_cache, fetched.extracted,
        cache->dir(), warnings.size(),
        feed ? "imported " + feed_text(*feed)
             : std::string("no changelog cached: the changelog feed is left as it was")));
  }
  return kExitSuccess;
}

}  // namespace patchplan::cli
