// ChangelogCache: file names, lookups and atomic stores.
#include "feeds/changelog_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "inventory/debian_names.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::feeds {

Expected<ChangelogCache> ChangelogCache::open(std::string dir) {
  std::error_code error;
  if (std::filesystem::exists(dir, error) && !std::filesystem::is_directory(dir, error)) {
    return make_error(ErrorCode::kIo, "cannot use changelog cache '{}': not a directory", dir);
  }
  std::filesystem::create_directories(dir, error);
  if (error || !std::filesystem::is_directory(dir)) {
    return make_error(ErrorCode::kIo, "cannot use changelog cache '{}': {}", dir,
                      error ? error.message() : "not a directory");
  }
  return ChangelogCache(std::move(dir));
}

Expected<std::string> ChangelogCache::file_name(std::string_view source, std::string_view version) {
  if (!inventory::is_valid_package_name(source)) {
    return make_error(ErrorCode::kInvalidInput, "'{}' is not a source package name", source);
  }
  auto parsed = versions::parse_deb_version(version);
  if (!parsed) return parsed.error();
  std::string name = fmt::format("{}_", source);
  for (char c : version) {
    if (c == ':') {
      name += "%3a";
    } else {
      name += c;
    }
  }
  return name + ".changelog.gz";
}

std::optional<std::string> ChangelogCache::find(std::string_view source,
                                                std::string_view version) const {
  auto name = file_name(source, version);
  if (!name) return std::nullopt;
  std::string path = dir_ + "/" + *name;
  if (!std::filesystem::is_regular_file(path)) return std::nullopt;
  return path;
}

Expected<std::string> ChangelogCache::store(std::string_view source, std::string_view version,
                                            std::string_view bytes) const {
  auto name = file_name(source, version);
  if (!name) return name.error();
  std::string path = dir_ + "/" + *name;
  std::string temporary = dir_ + "/." + *name + ".XXXXXX";
  int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    return make_error(ErrorCode::kIo, "cannot write in changelog cache '{}': {}", dir_,
                      std::strerror(errno));
  }
  ::fchmod(fd, 0644);
  std::size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  bool ok = written == bytes.size() && ::fsync(fd) == 0;
  int saved = errno;
  ::close(fd);
  if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
    if (ok) saved = errno;
    ::unlink(temporary.c_str());
    return make_error(ErrorCode::kIo, "cannot write '{}': {}", path, std::strerror(saved));
  }
  return path;
}

}  // namespace patchplan::feeds
