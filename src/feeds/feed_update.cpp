// Download, import, and cache replacement of one feed.
#include "feeds/feed_update.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "feeds/feed_catalog.hpp"
#include "feeds/feed_kind.hpp"

namespace patchplan::feeds {
namespace {

// The cache file of a feed: the name says what it holds; the content decides the format.
// OSV exports are all named all.zip, so theirs takes the folder too ("osv-Debian.zip").
std::string cache_name(FeedKind kind, std::string_view url) {
  if (kind == FeedKind::kOsv) {
    std::string_view path = url.substr(0, url.find_first_of("?#"));
    if (path.ends_with("/all.zip")) path.remove_suffix(8);
    std::string folder(path.substr(path.find_last_of('/') + 1));
    for (char& c : folder) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '_';
    }
    return fmt::format("osv-{}.zip", folder);
  }
  switch (kind) {
    case FeedKind::kDebianTracker:
      return "tracker.json";
    case FeedKind::kKev:
      return "known_exploited_vulnerabilities.json";
    case FeedKind::kEpss:
      return "epss_scores-current.csv.gz";
    default:
      return std::string(kind_name(kind));
  }
}

Status ensure_directory(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return ok();
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent, error)) {
    return make_error(ErrorCode::kNotFound, "cannot create feeds cache '{}': no directory '{}'",
                      path, parent.string());
  }
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
    return make_error(ErrorCode::kIo, "cannot create feeds cache '{}': {}", path,
                      std::strerror(errno));
  }
  return ok();
}

// A new, empty temporary file in `dir`; removed by the destructor unless kept.
class TempFile {
 public:
  static Expected<TempFile> create(const std::string& dir, std::string_view stem) {
    std::string pattern = fmt::format("{}/.{}.XXXXXX", dir, stem);
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) {
      return make_error(ErrorCode::kIo, "cannot create a temporary file in '{}': {}", dir,
                        std::strerror(errno));
    }
    ::close(fd);
    return TempFile(std::move(pattern));
  }
  TempFile(TempFile&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  TempFile& operator=(TempFile&&) = delete;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }

  [[nodiscard]] const std::string& path() const { return path_; }

  // Renames the file to `target` (atomic within one file system); it is no longer removed.
  Status rename_to(const std::string& target) {
    if (::rename(path_.c_str(), target.c_str()) != 0) {
      return make_error(ErrorCode::kIo, "cannot rename '{}' to '{}': {}", path_, target,
                        std::strerror(errno));
    }
    path_.clear();
    return ok();
  }

 private:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// The stored feed last downloaded from this URL, whose validators a conditional request
// may send.
Expected<std::optional<FeedInfo>> stored_feed(store::Database& db, const FeedSource& source) {
  auto feeds = list_feeds(db);
  if (!feeds) return feeds.error();
  for (auto& feed : *feeds) {
    if (feed.kind == source.kind && feed.source == source.url) return std::optional(feed);
  }
  return std::optional<FeedInfo>();
}

}  // namespace

std::vector<FeedSource> default_feed_sources() {
  return {
      {FeedKind::kDebianTracker, "https://security-tracker.debian.org/tracker/data/json"},
      {FeedKind::kKev,
       "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"},
      {FeedKind::kEpss, "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz"},
  };
}

std::string feed_cache_dir(const std::string& database_path) {
  const std::filesystem::path parent = std::filesystem::path(database_path).parent_path();
  return (parent.empty() ? std::filesystem::path("feeds") : parent / "feeds").string();
}

Expected<UpdateResult> update_feed(store::Store& store, const FeedSource& source,
                                   const std::string& cache_dir, const ImportContext& context,
                                   const FetchRequest& settings) {
  if (auto status = ensure_directory(cache_dir); !status) return status.error();
  auto stored = stored_feed(store.database(), source);
  if (!stored) return stored.error();

  FetchRequest request = settings;
  request.url = source.url;
  if (*stored) {
    request.etag = (*stored)->etag;
    request.last_modified = (*stored)->last_modified;
  }
  auto temp = TempFile::create(cache_dir, kind_name(source.kind));
  if (!temp) return temp.error();
  request.destination = temp->path();

  const store::Timestamp started = context.clock ? context.clock() : store::system_now();
  auto fetched = fetch_url(request);
  if (!fetched) return fetched.error();

  UpdateResult result;
  result.source = source;
  result.cache_path =
      (std::filesystem::path(cache_dir) / cache_name(source.kind, source.url)).string();
  result.bytes = fetched->bytes;
  if (fetched->not_modified) {
    if (!*stored) {
      return make_error(ErrorCode::kInvalidInput,
                        "'{}' answered 304 not modified, but no feed of it is stored", source.url);
    }
    if (auto status = mark_feed_checked(store.database(), (*stored)->id, started); !status) {
      return status.error();
    }
    result.outcome = UpdateOutcome::kUnchanged;
    return result;
  }

  ImportRequest import;
  import.path = temp->path();
  import.kind = source.kind;
  // OSV feeds are named by the ecosystems they hold; the others by their kind.
  if (source.kind != FeedKind::kOsv) import.name = default_feed_name(source.kind);
  import.source = source.url;
  import.fetched_at = started;
  import.http_last_modified = fetched->last_modified_time;
  import.etag = fetched->etag;
  import.last_modified = fetched->last_modified;
  auto summary = import_feed_file(store, import, context);
  if (!summary) return summary.error().context(fmt::format("feed from '{}'", source.url));
  if (auto status = temp->rename_to(result.cache_path); !status) return status.error();
  result.summary = std::move(*summary);
  return result;
}

}  // namespace patchplan::feeds
