// File helpers of the local and root transports: reads, listings, copies, free space.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/unique_fd.hpp"
#include "deploy/transports.hpp"

namespace patchplan::deploy::detail {
namespace {

Error os_error(std::string_view what, std::string_view path, int err) {
  return make_error(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo, "cannot {} '{}': {}",
                    what, path, std::strerror(err));
}

}  // namespace

Expected<std::string> read_local_file(const std::string& path, std::size_t max_bytes,
                                      std::string_view shown) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd.valid()) return os_error("read", shown, errno);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return os_error("read", shown, errno);
  if (!S_ISREG(info.st_mode)) {
    return make_error(ErrorCode::kInvalidInput, "cannot read '{}': not a regular file", shown);
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return os_error("read", shown, errno);
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_bytes) {
      return make_error(ErrorCode::kInvalidInput, "cannot read '{}': larger than {} bytes", shown,
                        max_bytes);
    }
  }
  return text;
}

Expected<std::vector<std::string>> list_local_dir(const std::string& path, std::string_view shown) {
  std::error_code error;
  std::filesystem::directory_iterator it(path, error);
  if (error) return os_error("list directory", shown, error.value());
  std::vector<std::string> names;
  for (const auto& entry : it) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

Status copy_local_file(const std::string& from, const std::string& to) {
  std::string temporary = to + ".part";
  std::error_code error;
  std::filesystem::copy_file(from, temporary, std::filesystem::copy_options::overwrite_existing,
                             error);
  if (error) return os_error(fmt::format("copy '{}' to", from), to, error.value());
  UniqueFd fd(::open(temporary.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid() || ::fsync(fd.get()) != 0) return os_error("sync", temporary, errno);
  if (::rename(temporary.c_str(), to.c_str()) != 0) return os_error("rename to", to, errno);
  return ok();
}

Expected<std::uint64_t> local_free_bytes(const std::string& path, std::string_view shown) {
  struct statvfs info {};
  if (::statvfs(path.c_str(), &info) != 0) return os_error("measure free space of", shown, errno);
  return static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize;
}

}  // namespace patchplan::deploy::detail
