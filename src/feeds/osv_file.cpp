// OSV JSON files and zip archives, read record by record.
#include "feeds/osv_file.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <cstring>
#include <memory>

#include "common/byte_source.hpp"
#include "feeds/json_document.hpp"

namespace patchplan::feeds {
namespace {

constexpr std::size_t kMaxRecordBytes = std::size_t{16} << 20;

// An OSV record is shallow; the depth limit only guards against hostile nesting.
detail::JsonLimits record_limits() {
  detail::JsonLimits limits;
  limits.max_depth = 16;
  limits.max_token_bytes = kMaxRecordBytes;
  return limits;
}

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveCloser>;

Error archive_failure(archive* a, const std::string& path, std::string_view what) {
  const char* text = archive_error_string(a);
  return make_error(ErrorCode::kInvalidInput, "'{}': {}: {}", path, what,
                    text != nullptr ? text : "unknown libarchive error");
}

// The data of the current entry, refused past kMaxRecordBytes.
Expected<std::string> read_entry(archive* a, const std::string& path, const std::string& entry) {
  std::string data;
  char buffer[1 << 16];
  while (true) {
    const la_ssize_t n = archive_read_data(a, buffer, sizeof buffer);
    if (n < 0) return archive_failure(a, path, fmt::format("entry '{}'", entry));
    if (n == 0) return data;
    if (data.size() + static_cast<std::size_t>(n) > kMaxRecordBytes) {
      return make_error(ErrorCode::kInvalidInput, "'{}': entry '{}' is larger than {} bytes", path,
                        entry, kMaxRecordBytes);
    }
    data.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

Status read_osv_json(ByteSource& source, const AdvisorySink& sink, OsvStats& stats) {
  std::size_t index = 0;
  const detail::JsonValueSink each = [&](nlohmann::json&& record, bool element) {
    const std::string where = element ? fmt::format("'{}': element {}", source.name(), index++)
                                      : fmt::format("'{}'", source.name());
    return read_osv_record(record, where, sink, stats);
  };
  return detail::for_each_json_element(source, record_limits(), each);
}

Status read_osv_zip(const std::string& path, const AdvisorySink& sink, OsvStats& stats) {
  ArchivePtr reader(archive_read_new());
  if (!reader) return make_error(ErrorCode::kInternal, "cannot allocate a libarchive reader");
  archive_read_support_format_zip(reader.get());
  if (archive_read_open_filename(reader.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    return archive_failure(reader.get(), path, "cannot open the zip archive");
  }
  const auto limits = record_limits();
  while (true) {
    archive_entry* entry = nullptr;
    const int rc = archive_read_next_header(reader.get(), &entry);
    if (rc == ARCHIVE_EOF) return ok();
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      return archive_failure(reader.get(), path, "cannot read the zip archive");
    }
    const char* raw_name = archive_entry_pathname(entry);
    const std::string name = raw_name != nullptr ? raw_name : "";
    if (archive_entry_filetype(entry) != AE_IFREG || !name.ends_with(".json")) continue;
    auto data = read_entry(reader.get(), path, name);
    if (!data) return data.error();
    MemorySource source(std::move(*data), fmt::format("{}/{}", path, name));
    auto record = detail::read_json_document(source, limits);
    if (!record) return record.error();
    const std::string where = fmt::format("'{}'", source.name());
    if (auto status = read_osv_record(*record, where, sink, stats); !status) return status;
  }
}

}  // namespace patchplan::feeds
