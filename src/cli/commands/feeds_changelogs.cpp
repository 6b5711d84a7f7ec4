// run_import_changelogs: feeds::import_changelog_feed, printed.
#include "cli/commands/feeds_changelogs.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/host_access.hpp"
#include "common/diagnostics.hpp"
#include "feeds/changelog_feed.hpp"
#include "report/json_text.hpp"
#include "report/schema_version.hpp"

namespace patchplan::cli {

Expected<int> run_import_changelogs(const std::vector<std::string>& paths,
                                    const GlobalOptions& options) {
  auto db = open_store(options);
  if (!db) return db.error();
  auto imported = feeds::import_changelog_feed(
      *db, paths, feeds::ImportContext{store::current_actor("patchplan"), {}});
  if (!imported) return imported.error();
  for (const std::string& warning : imported->warnings) diag::warning("{}", warning);
  const feeds::ImportSummary& summary = imported->summary;
  if (options.json) {
    print_output(report::to_json_text({{"schema_version", report::kSchemaVersion},
                                       {"kind", "feeds-import-changelogs"},
                                       {"name", summary.name},
                                       {"files", imported->files},
                                       {"entries", imported->entries},
                                       {"advisories", summary.records},
                                       {"versions", imported->versions},
                                       {"digest", summary.digest},
                                       {"previous_digest", summary.previous_digest},
                                       {"warnings", imported->warnings}}) +
                 "\n");
  } else {
    print_output(fmt::format(
        "imported changelog feed '{}' from {} files: {} entries, {} CVE fixes, {} source "
        "versions{}{}\n",
        summary.name, imported->files, imported->entries, summary.records, imported->versions,
        imported->warnings.empty() ? ""
                                   : fmt::format(", {} lines skipped", imported->warnings.size()),
        summary.previous_digest == summary.digest ? " (unchanged)" : ""));
  }
  return kExitSuccess;
}

}  // namespace patchplan::cli
