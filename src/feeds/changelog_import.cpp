// import_changelogs: changelog files and directories to "fixed in V" advisories.
#include "feeds/changelog_import.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <tuple>

namespace patchplan::feeds {
namespace {

bool is_directory(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

// Parses each regular file below `dir` (RootFs-confined, so symlinks stay inside it).
Status import_directory(const RootFs& root, const std::string& relative,
                        const ChangelogOptions& options, ChangelogImport& into) {
  auto names = root.list_dir(relative.empty() ? "." : relative);
  if (!names) return names.error();
  for (const std::string& name : *names) {
    if (name.starts_with(".")) continue;
    std::string path = relative.empty() ? name : relative + "/" + name;
    if (is_directory(root.display_path(path))) {
      auto status = import_directory(root, path, options, into);
      if (!status) return status;
      continue;
    }
    auto changelog = read_changelog(root, path, options);
    if (!changelog) return changelog.error();
    add_changelog(*changelog, into);
  }
  return ok();
}

void sort_unique(ChangelogImport& into) {
  auto key = [](const SourceAdvisory& a) {
    return std::tie(a.source_package, a.vulnerability, a.fixed_version);
  };
  std::sort(into.advisories.begin(), into.advisories.end(),
            [&](const SourceAdvisory& a, const SourceAdvisory& b) { return key(a) < key(b); });
  into.advisories.erase(std::unique(into.advisories.begin(), into.advisories.end(),
                                    [&](const SourceAdvisory& a, const SourceAdvisory& b) {
                                      return key(a) == key(b);
                                    }),
                        into.advisories.end());
  std::sort(into.versions.begin(), into.versions.end());
  into.versions.erase(std::unique(into.versions.begin(), into.versions.end()), into.versions.end());
}

}  // namespace

void add_changelog(const Changelog& changelog, ChangelogImport& into) {
  ++into.files;
  into.warnings.insert(into.warnings.end(), changelog.warnings.begin(), changelog.warnings.end());
  if (changelog.entries.empty()) {
    into.warnings.push_back(fmt::format("{}: no changelog entries", changelog.file));
    into.empty_files.push_back(changelog.file);
    return;
  }
  const std::string& source = changelog.entries.front().package;
  for (const ChangelogEntry& entry : changelog.entries) {
    ++into.entries;
    into.versions.push_back({source, entry.version});
    for (const std::string& cve : entry.cves) {
      SourceAdvisory advisory;
      advisory.vulnerability = cve;
      advisory.ecosystem = "debian";
      advisory.source_package = source;
      advisory.status = AdvisoryStatus::kFixed;
      advisory.fixed_version = entry.version;
      advisory.urgency = entry.urgency;
      advisory.feed = FeedKind::kDebianChangelog;
      into.advisories.push_back(std::move(advisory));
    }
  }
}

Expected<ChangelogImport> import_changelogs(const std::vector<std::string>& paths,
                                            const ChangelogOptions& options) {
  ChangelogImport result;
  for (const std::string& path : paths) {
    if (is_directory(path)) {
      auto root = RootFs::open(path);
      if (!root) return root.error();
      const std::size_t files = result.files;
      auto status = import_directory(*root, "", options, result);
      if (!status) return status.error();
      if (result.files == files) result.empty_dirs.push_back(path);
      continue;
    }
    std::size_t slash = path.rfind('/');
    std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
    auto root = RootFs::open(dir);
    if (!root) return root.error();
    auto changelog = read_changelog(*root, path.substr(slash + 1), options);
    if (!changelog) return changelog.error();
    add_changelog(*changelog, result);
  }
  sort_unique(result);
  return result;
}

}  // namespace patchplan::feeds
