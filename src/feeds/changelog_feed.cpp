// import_changelog_feed: import_changelogs, checked, into a FeedWriter.
#include "feeds/changelog_feed.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "store/sha256.hpp"

namespace patchplan::feeds {
namespace {

// Refuses what import_changelogs lets through with a warning: input that is no changelog.
Status check_input(const ChangelogImport& imported, const std::vector<std::string>& paths) {
  if (paths.empty()) return make_error(ErrorCode::kUsage, "no changelog file or directory given");
  if (!imported.empty_dirs.empty()) {
    return make_error(ErrorCode::kInvalidInput, "'{}': no changelog files in this directory",
                      imported.empty_dirs.front());
  }
  if (!imported.empty_files.empty()) {
    return make_error(ErrorCode::kInvalidInput,
                      "'{}': not a debian changelog (no entry with a valid header line){}",
                      imported.empty_files.front(),
                      imported.empty_files.size() > 1
                          ? fmt::format(", and {} more such files", imported.empty_files.size() - 1)
                          : "");
  }
  return ok();
}

std::string content_digest(const ChangelogImport& imported) {
  std::string text;
  for (const SourceVersion& v : imported.versions) {
    fmt::format_to(std::back_inserter(text), "v {} {}\n", v.source_package, v.version);
  }
  for (const SourceAdvisory& a : imported.advisories) {
    fmt::format_to(std::back_inserter(text), "a {} {} {} {}\n", a.source_package, a.vulnerability,
                   a.fixed_version, a.urgency);
  }
  return store::sha256_hex(text);
}

std::string source_of(const std::vector<std::string>& paths) {
  std::vector<std::string> absolute;
  for (const std::string& path : paths) {
    std::error_code error;
    auto full = std::filesystem::absolute(path, error);
    absolute.push_back(error ? path : full.lexically_normal().string());
  }
  return fmt::format("{}", fmt::join(absolute, " "));
}

}  // namespace

Expected<ChangelogFeedSummary> import_changelog_feed(store::Store& store,
                                                     const std::vector<std::string>& paths,
                                                     const ImportContext& context) {
  if (paths.empty()) return check_input({}, paths).error();
  auto imported = import_changelogs(paths);
  if (!imported) return imported.error();
  if (auto checked = check_input(*imported, paths); !checked) return checked.error();

  auto writer = FeedWriter::begin(store, FeedKind::kDebianChangelog);
  if (!writer) return writer.error();
  for (const SourceAdvisory& advisory : imported->advisories) {
    if (auto status = writer->add(advisory); !status) return status.error();
  }
  for (const SourceVersion& version : imported->versions) {
    if (auto status = writer->add(version); !status) return status.error();
  }
  FeedMetadata metadata;
  metadata.name = "changelog";
  metadata.source = source_of(paths);
  metadata.digest = content_digest(*imported);
  metadata.notes = fmt::format(R"({{"files": {}, "entries": {}, "versions": {}}})", imported->files,
                               imported->entries, imported->versions.size());
  auto summary = writer->commit(metadata, context);
  if (!summary) return summary.error();
  return ChangelogFeedSummary{std::move(*summary), imported->files, imported->entries,
                              imported->versions.size(), std::move(imported->warnings)};
}

}  // namespace patchplan::feeds
