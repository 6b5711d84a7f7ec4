// Locating candidate .debs in the host's lists, fetching them, and caching their changelogs.
#include "feeds/changelog_fetch.hpp"

#include <unistd.h>

#include <algorithm>
#include <map>
#include <memory>

#include "common/deb822.hpp"
#include "feeds/changelog_deb.hpp"
#include "feeds/http_fetch.hpp"
#include "updates/apt_config_file.hpp"
#include "updates/list_file_names.hpp"
#include "updates/packages_index.hpp"

namespace patchplan::feeds {
namespace {

struct Wanted {
  const updates::PackageUpdate* update;
  std::string archive_uri;
  bool found = false;
};

bool is_packages_list(std::string_view name) {
  return name.find("_Packages") != std::string_view::npos &&
         name.find(".diff") == std::string_view::npos;
}

// Reads one list file; fills locations of the wanted packages whose stanza it holds.
Status scan_list(const RootFs& root, const std::string& path, std::vector<Wanted>& wanted,
                 std::vector<DebLocation>& locations, std::vector<std::string>& warnings) {
  auto source = open_byte_source(root, path);
  if (!source) return source.error();
  std::multimap<std::string, Wanted*> by_name;
  for (Wanted& w : wanted) {
    if (!w.found) by_name.emplace(w.update->name, &w);
  }
  ParagraphReader reader(std::move(*source));
  while (true) {
    auto paragraph = reader.next();
    if (!paragraph) return paragraph.error();
    if (!*paragraph) break;
    auto [begin, end] =
        by_name.equal_range(std::string(updates::quick_package_name((*paragraph)->text)));
    for (auto it = begin; it != end; ++it) {
      Wanted& w = *it->second;
      auto version = find_field(**paragraph, "Version");
      auto arch = find_field(**paragraph, "Architecture");
      if (w.found || !version || trim(version->value) != *w.update->candidate_version) continue;
      if (!arch || trim(arch->value) != w.update->candidate_architecture) continue;
      auto filename = find_field(**paragraph, "Filename");
      if (!filename) {
        warnings.push_back(fmt::format("{}:{}: stanza of {} {} has no Filename",
                                       root.display_path(path), (*paragraph)->first_line,
                                       w.update->name, *w.update->candidate_version));
        continue;
      }
      w.found = true;
      locations.push_back({w.update->name, *w.update->candidate_version,
                           w.update->candidate_architecture, w.update->candidate_source,
                           w.update->candidate_source_version, w.archive_uri,
                           std::string(trim(filename->value))});
    }
  }
  for (std::string& skipped : reader.take_skipped()) warnings.push_back(std::move(skipped));
  return ok();
}

// Downloads `url` into a new file of `scratch_dir` with the feeds' HTTP client.
Expected<std::string> download(const std::string& url, const std::string& scratch_dir,
                               const DebFetchOptions& options) {
  std::string path = scratch_dir + "/.download-XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0) return make_error(ErrorCode::kIo, "cannot create a file in '{}'", scratch_dir);
  ::close(fd);
  FetchRequest request;
  request.url = url;
  request.destination = path;
  request.timeout = std::chrono::seconds(options.timeout_seconds);
  request.max_bytes = options.max_deb_bytes;
  auto fetched = fetch_url(request);
  if (!fetched) {
    ::unlink(path.c_str());
    return fetched.error();
  }
  return path;
}

}  // namespace

Expected<std::vector<DebLocation>> locate_candidate_debs(const RootFs& root,
                                                         const updates::UpdateAssessment& updates,
                                                         std::vector<std::string>& warnings) {
  auto config = updates::read_apt_config(root, warnings);
  if (!config) return config.error();
  std::string lists_dir = config->find_dir("Dir::State::lists");

  std::vector<Wanted> wanted;
  for (const updates::PackageUpdate* update : updates.upgradable()) {
    if (update->candidate_from.empty()) continue;
    wanted.push_back({update, update->candidate_from.front().archive_uri});
  }
  std::vector<DebLocation> locations;
  if (wanted.empty()) return locations;
  auto names = root.list_dir(lists_dir);
  if (!names) return names.error();

  std::vector<std::string> prefixes;
  for (const Wanted& w : wanted) prefixes.push_back(updates::uri_to_file_name(w.archive_uri));
  for (const std::string& name : *names) {
    if (!is_packages_list(name)) continue;
    bool relevant = std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& prefix) {
      return name.starts_with(prefix);
    });
    if (!relevant) continue;
    auto status = scan_list(root, lists_dir + name, wanted, locations, warnings);
    if (!status) return status.error();
  }
  for (const Wanted& w : wanted) {
    if (!w.found) {
      warnings.push_back(
          fmt::format("no index stanza for {}:{} {} from '{}': its changelog "
                      "cannot be fetched",
                      w.update->name, w.update->candidate_architecture,
                      *w.update->candidate_version, w.archive_uri));
    }
  }
  return locations;
}

Expected<std::string> fetch_deb(const DebLocation& location, const std::string& scratch_dir,
                                const DebFetchOptions& options, bool& downloaded) {
  downloaded = false;
  const updates::ParsedUri uri = updates::ParsedUri::parse(location.archive_uri);
  if (location.filename.find("..") != std::string::npos) {
    return make_error(ErrorCode::kInvalidInput,
                      "refusing Filename '{}' of {}: it leaves the archive", location.filename,
                      location.package);
  }
  if (uri.access == "file" || uri.access == "copy") {
    std::string path = uri.path;
    if (!path.ends_with("/")) path += "/";
    path += location.filename;
    if (::access(path.c_str(), R_OK) != 0) {
      return make_error(ErrorCode::kNotFound, "cannot read '{}' of {} {}", path, location.package,
                        location.version);
    }
    return path;
  }
  if (uri.access == "http" || uri.access == "https") {
    std::string base = location.archive_uri;
    if (!base.ends_with("/")) base += "/";
    auto path = download(base + updates::uri_encode(location.filename), scratch_dir, options);
    if (path) downloaded = true;
    return path;
  }
  return make_error(ErrorCode::kInvalidInput, "cannot fetch '{}': scheme '{}' is not supported",
                    location.archive_uri, uri.access);
}

CandidateChangelogs fetch_candidate_changelogs(const std::vector<DebLocation>& locations,
                                               const ChangelogCache& cache,
                                               const DebFetchOptions& options) {
  CandidateChangelogs result;
  std::map<std::pair<std::string, std::string>, std::vector<const DebLocation*>> by_source;
  for (const DebLocation& location : locations) {
    by_source[{location.source, location.source_version}].push_back(&location);
  }
  for (auto& [key, binaries] : by_source) {
    const auto& [source, version] = key;
    if (auto cached = cache.find(source, version)) {
      result.files.push_back(*cached);
      ++result.from_cache;
      continue;
    }
    std::stable_partition(binaries.begin(), binaries.end(),
                          [&](const DebLocation* l) { return l->package == source; });
    std::vector<std::string> why;
    bool stored = false;
    for (const DebLocation* location : binaries) {
      bool downloaded = false;
      auto deb = fetch_deb(*location, cache.dir(), options, downloaded);
      if (!deb) {
        why.push_back(deb.error().message);
        continue;
      }
      auto bytes = extract_deb_changelog(*deb, location->package);
      if (downloaded) ::unlink(deb->c_str());
      if (!bytes) {
        why.push_back(bytes.error().message);
        continue;
      }
      auto path = cache.store(source, version, *bytes);
      if (!path) {
        why.push_back(path.error().message);
        break;
      }
      result.files.push_back(*path);
      ++result.extracted;
      stored = true;
      break;
    }
    if (!stored) {
      std::string reasons;
      for (const std::string& reason : why) reasons += (reasons.empty() ? "" : "; ") + reason;
      result.warnings.push_back(
          fmt::format("no changelog for {} {}: {}", source, version, reasons));
    }
  }
  return result;
}

}  // namespace patchplan::feeds
