// Content sniffing of feed files: magic bytes, then a SAX pass over the first 64 KiB.
#include "feeds/feed_format.hpp"

#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/byte_source.hpp"
#include "common/unique_fd.hpp"

namespace patchplan::feeds {
namespace {

constexpr std::size_t kPrefix = std::size_t{1} << 16;

bool is_issue_id(std::string_view key) {
  return key.starts_with("CVE-") || key.starts_with("TEMP-") || key.starts_with("DSA-") ||
         key.starts_with("DLA-");
}

// Collects the keys of the top-level object and of the first member's object, then stops.
class ShapeProbe {
 public:
  bool null() { return value(); }
  bool boolean(bool /*v*/) { return value(); }
  bool number_integer(nlohmann::json::number_integer_t /*v*/) { return value(); }
  bool number_unsigned(nlohmann::json::number_unsigned_t /*v*/) { return value(); }
  bool number_float(nlohmann::json::number_float_t /*v*/, const std::string& /*s*/) {
    return value();
  }
  bool string(std::string& /*v*/) { return value(); }
  bool binary(nlohmann::json::binary_t& /*v*/) { return value(); }
  bool start_object(std::size_t /*size*/) {
    if (depth_ == 0) top_is_object_ = !top_is_array_;
    if (depth_ == 1 && top_is_object_ && first_key_ == 1) first_is_object_ = true;
    if (depth_ == 1 && top_is_array_) array_of_objects_ = true;
    ++depth_;
    return true;
  }
  bool end_object() { return --depth_ > 0; }
  bool start_array(std::size_t /*size*/) {
    if (depth_ == 0) top_is_array_ = true;
    ++depth_;
    return true;
  }
  bool end_array() { return --depth_ > 0; }
  bool key(std::string& key) {
    if (depth_ == 1 && top_is_object_) {
      top_keys_.push_back(key);
      ++first_key_;
    } else if (depth_ == 2 && (first_is_object_ || array_of_objects_) && first_key_ <= 1) {
      inner_keys_.push_back(key);
    }
    return top_keys_.size() < 64 && inner_keys_.size() < 64;
  }
  bool parse_error(std::size_t /*p*/, const std::string& /*t*/,
                   const nlohmann::detail::exception& /*e*/) {
    return false;
  }

  [[nodiscard]] bool has_top(std::string_view key) const { return contains(top_keys_, key); }
  [[nodiscard]] bool has_inner(std::string_view key) const { return contains(inner_keys_, key); }

  bool top_is_object_ = false;
  bool top_is_array_ = false;
  bool first_is_object_ = false;
  bool array_of_objects_ = false;
  std::vector<std::string> top_keys_;
  std::vector<std::string> inner_keys_;  // of the first member (object) or first element

 private:
  bool value() { return depth_ > 0; }
  static bool contains(const std::vector<std::string>& keys, std::string_view key) {
    for (const auto& k : keys) {
      if (k == key) return true;
    }
    return false;
  }
  int depth_ = 0;
  int first_key_ = 0;
};

bool is_osv_object(const std::vector<std::string>& keys) {
  bool id = false;
  bool other = false;
  for (const auto& key : keys) {
    id = id || key == "id";
    other = other || key == "modified" || key == "affected" || key == "schema_version";
  }
  return id && other;
}

Error unrecognised(const std::string& name) {
  return make_error(ErrorCode::kInvalidInput,
                    "cannot recognise the feed format of '{}': not a tracker, OSV, KEV or EPSS "
                    "file (use --kind to name it)",
                    name);
}

}  // namespace

Expected<FeedKind> detect_text_kind(std::string_view prefix, const std::string& name) {
  std::string_view text = prefix;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (text.starts_with("#model_version") || text.starts_with("cve,epss,percentile")) {
    return FeedKind::kEpss;
  }
  ShapeProbe probe;
  nlohmann::json::sax_parse(text.begin(), text.end(), &probe, nlohmann::json::input_format_t::json,
                            false);
  if (probe.top_is_object_) {
    if (probe.has_top("vulnerabilities") &&
        (probe.has_top("catalogVersion") || probe.has_top("dateReleased"))) {
      return FeedKind::kKev;
    }
    if (is_osv_object(probe.top_keys_)) return FeedKind::kOsv;
    if (!probe.top_keys_.empty() && probe.first_is_object_ &&
        (probe.inner_keys_.empty() || is_issue_id(probe.inner_keys_.front()) ||
         probe.has_inner("releases"))) {
      return FeedKind::kDebianTracker;
    }
  }
  if (probe.top_is_array_ && probe.array_of_objects_ && is_osv_object(probe.inner_keys_)) {
    return FeedKind::kOsv;
  }
  return unrecognised(name);
}

Expected<FeedFormat> detect_feed_format(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    const int err = errno;
    return make_error(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                      "cannot open feed '{}': {}", path, std::strerror(err));
  }
  char magic[4] = {};
  const ssize_t n = ::pread(fd.get(), magic, sizeof magic, 0);
  if (n == 4 && std::memcmp(magic, "PK\x03\x04", 4) == 0) return FeedFormat{FeedKind::kOsv, true};
  if (n == 4 && std::memcmp(magic, "PK\x05\x06", 4) == 0) return FeedFormat{FeedKind::kOsv, true};

  auto source = open_byte_source(std::move(fd), path);
  if (!source) return source.error();
  std::string prefix(kPrefix, '\0');
  std::size_t size = 0;
  while (size < prefix.size()) {
    auto read = (*source)->read(prefix.data() + size, prefix.size() - size);
    if (!read) return read.error();
    if (*read == 0) break;
    size += *read;
  }
  prefix.resize(size);
  auto kind = detect_text_kind(prefix, path);
  if (!kind) return kind.error();
  return FeedFormat{*kind, false};
}

}  // namespace patchplan::feeds
