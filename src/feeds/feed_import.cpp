// The import of one file: format, loader, writer, metadata.
#include "feeds/feed_import.hpp"

#include <fcntl.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/byte_source.hpp"
#include "feeds/epss_csv.hpp"
#include "feeds/feed_file.hpp"
#include "feeds/feed_format.hpp"
#include "feeds/feed_kind.hpp"
#include "feeds/kev_json.hpp"
#include "feeds/osv_file.hpp"
#include "feeds/tracker_json.hpp"

namespace patchplan::feeds {
namespace {

// What a loader found besides the records it wrote.
struct Loaded {
  std::optional<store::Timestamp> feed_date;
  std::string feed_version;
  std::string name;
  nlohmann::json notes = nlohmann::json::object();
};

Expected<std::unique_ptr<ByteSource>> open_feed(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    const int err = errno;
    return make_error(ErrorCode::kIo, "cannot open feed '{}': {}", path, std::strerror(err));
  }
  return open_byte_source(std::move(fd), path);
}

Expected<Loaded> load_tracker(ByteSource& source, FeedWriter& writer) {
  TrackerStats stats;
  const AdvisorySink sink = [&writer](const SourceAdvisory& a) { return writer.add(a); };
  if (auto status = read_tracker_json(source, sink, stats); !status) return status.error();
  Loaded loaded;
  loaded.notes = {{"packages", stats.packages},
                  {"issues", stats.issues},
                  {"unusable_versions", stats.unusable_versions},
                  {"unknown_statuses", stats.unknown_statuses}};
  return loaded;
}

Expected<Loaded> load_osv(const std::string& path, bool zip, FeedWriter& writer) {
  OsvStats stats;
  const AdvisorySink sink = [&writer](const SourceAdvisory& a) { return writer.add(a); };
  if (zip) {
    if (auto status = read_osv_zip(path, sink, stats); !status) return status.error();
  } else {
    auto source = open_feed(path);
    if (!source) return source.error();
    if (auto status = read_osv_json(**source, sink, stats); !status) return status.error();
  }
  writer.count_skipped(stats.withdrawn + stats.other_ecosystems + stats.without_ranges);
  Loaded loaded;
  loaded.feed_date = stats.latest_modified;
  loaded.name = "osv";
  std::string separator = ":";
  for (const auto& ecosystem : stats.ecosystems) {
    loaded.name += separator + ecosystem;
    separator = ",";
  }
  loaded.notes = {{"vulnerabilities", stats.vulnerabilities},
                  {"withdrawn", stats.withdrawn},
                  {"other_ecosystems", stats.other_ecosystems},
                  {"without_ranges", stats.without_ranges},
                  {"ecosystems", stats.ecosystems}};
  return loaded;
}

Expected<Loaded> load_kev(ByteSource& source, FeedWriter& writer) {
  auto catalog = read_kev_json(source);
  if (!catalog) return catalog.error();
  for (const auto& entry : catalog->entries) {
    if (auto status = writer.add(entry); !status) return status.error();
  }
  Loaded loaded;
  loaded.feed_date = catalog->date_released;
  loaded.feed_version = catalog->catalog_version;
  loaded.notes = {{"count", catalog->entries.size()}};
  return loaded;
}

Expected<Loaded> load_epss(ByteSource& source, FeedWriter& writer) {
  const EpssSink sink = [&](const EpssScore& score, std::uint64_t line) -> Status {
    if (auto status = writer.add(score); !status) {
      return status.error().context(fmt::format("'{}':{}", source.name(), line));
    }
    return ok();
  };
  auto header = read_epss_csv(source, sink);
  if (!header) return header.error();
  Loaded loaded;
  loaded.feed_date = header->score_date;
  loaded.feed_version = header->model_version;
  return loaded;
}

Expected<Loaded> load(const std::string& path, const FeedFormat& format, FeedWriter& writer) {
  if (format.kind == FeedKind::kOsv) return load_osv(path, format.zip, writer);
  if (format.zip) {
    return make_error(ErrorCode::kInvalidInput, "feed '{}' is a zip archive, which only OSV uses",
                      path);
  }
  auto source = open_feed(path);
  if (!source) return source.error();
  switch (format.kind) {
    case FeedKind::kDebianTracker:
      return load_tracker(**source, writer);
    case FeedKind::kKev:
      return load_kev(**source, writer);
    case FeedKind::kEpss:
      return load_epss(**source, writer);
    default:
      return make_error(ErrorCode::kUsage, "feeds of kind '{}' are not imported from files",
                        kind_name(format.kind));
  }
}

}  // namespace

std::string default_feed_name(FeedKind kind) { return std::string(kind_name(kind)); }

Expected<ImportSummary> import_feed_file(store::Store& store, const ImportRequest& request,
                                         const ImportContext& context) {
  auto facts = feed_file_facts(request.path);
  if (!facts) return facts.error();
  auto format = detect_feed_format(request.path);
  if (!format && !request.kind) return format.error();
  FeedFormat chosen = format ? *format : FeedFormat{};
  if (request.kind) chosen.kind = *request.kind;

  auto writer = FeedWriter::begin(store, chosen.kind);
  if (!writer) return writer.error();
  auto loaded = load(request.path, chosen, *writer);
  if (!loaded) return loaded.error();

  FeedMetadata metadata;
  metadata.name = !request.name.empty()   ? request.name
                  : !loaded->name.empty() ? loaded->name
                                          : default_feed_name(chosen.kind);
  std::error_code ignored;
  metadata.source = !request.source.empty()
                        ? request.source
                        : std::filesystem::absolute(request.path, ignored).string();
  metadata.fetched_at = request.fetched_at;
  metadata.feed_date = loaded->feed_date;
  if (!metadata.feed_date) {
    metadata.feed_date = request.http_last_modified ? request.http_last_modified
                         : request.fetched_at       ? request.fetched_at
                                                    : std::optional(facts->modified);
  }
  metadata.feed_version = loaded->feed_version;
  metadata.digest = facts->digest;
  metadata.etag = request.etag;
  metadata.last_modified = request.last_modified;
  metadata.notes = loaded->notes.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return writer->commit(metadata, context);
}

}  // namespace patchplan::feeds
