// import_changelog_feed: import_changelogs, checked, into a FeedWriter.
#include "feeds/changelog_feed.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

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

namespace fs = std::filesystem;

// The regular files of `paths` in import_changelogs' order: a directory's files below it
// in name order, hidden entries skipped.
std::vector<fs::path> changelog_files(const std::vector<std::string>& paths) {
  std::vector<fs::path> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (!fs::is_directory(path, error)) {
      files.emplace_back(path);
      continue;
    }
    std::vector<fs::path> below;
    for (auto it = fs::recursive_directory_iterator(path, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it->path().filename().string().starts_with(".")) {
        if (it->is_directory(error)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(error)) below.push_back(it->path());
    }
    std::sort(below.begin(), below.end());
    files.insert(files.end(), below.begin(), below.end());
  }
  return files;
}

Expected<std::string> read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad() || !in.is_open()) {
    return make_error(ErrorCode::kIo, "cannot read '{}'", file.string());
  }
  return bytes;
}

}  // namespace

std::string changelog_cache_dir(const std::string& database_path) {
  const fs::path parent = fs::path(database_path).parent_path();
  return (parent.empty() ? fs::path("changelogs") : parent / "changelogs").string();
}

Expected<std::size_t> cache_changelog_files(const ChangelogCache& cache,
                                            const std::vector<std::string>& paths) {
  if (paths.empty()) return check_input({}, paths).error();
  auto imported = import_changelogs(paths);
  if (!imported) return imported.error();
  if (auto checked = check_input(*imported, paths); !checked) return checked.error();
  std::size_t copied = 0;
  for (const fs::path& file : changelog_files(paths)) {
    auto root = RootFs::open(file.parent_path().empty() ? "." : file.parent_path().string());
    if (!root) return root.error();
    auto changelog = read_changelog(*root, file.filename().string());
    if (!changelog) return changelog.error();
    if (changelog->entries.empty()) continue;
    auto bytes = read_bytes(file);
    if (!bytes) return bytes.error();
    const ChangelogEntry& first = changelog->entries.front();
    auto stored = cache.store(first.package, first.version, *bytes);
    if (!stored) return stored.error();
    ++copied;
  }
  return copied;
}

Expected<ChangelogFeedSummary> rebuild_changelog_feed(store::Store& store,
                                                      const ChangelogCache& cache,
                                                      const ImportContext& context) {
  return import_changelog_feed(store, {cache.dir()}, context);
}

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
