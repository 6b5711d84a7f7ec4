// RootFs: path resolution confined to a root with openat2(RESOLVE_IN_ROOT).
#include "common/root_fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace patchplan {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

ErrorCode code_for_errno(int err) {
  return (err == ENOENT || err == ENOTDIR) ? ErrorCode::kNotFound : ErrorCode::kIo;
}

int open_in_root(int root_fd, std::string_view path, std::uint64_t flags) {
  std::string relative(path);
  while (!relative.empty() && relative.front() == '/') relative.erase(0, 1);
  if (relative.empty()) relative = ".";
  open_how how{};
  how.flags = flags | O_CLOEXEC;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  return static_cast<int>(::syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how));
}

}  // namespace

Expected<RootFs> RootFs::open(const std::string& root) {
  std::string normalized = root.empty() ? "/" : root;
  while (normalized.size() > 1 && normalized.back() == '/') normalized.pop_back();
  int fd = ::open(normalized.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    return make_error(code_for_errno(err), "cannot open root '{}': {}", normalized,
                      errno_text(err));
  }
  return RootFs(std::move(normalized), UniqueFd(fd));
}

std::string RootFs::display_path(std::string_view path) const {
  if (is_host_root()) return path.starts_with('/') ? std::string(path) : "/" + std::string(path);
  return path.starts_with('/') ? root_ + std::string(path) : root_ + "/" + std::string(path);
}

Expected<UniqueFd> RootFs::open_read(std::string_view path) const {
  // O_NONBLOCK so that a FIFO or device planted in a hostile root cannot block the open;
  // only regular files are handed out, and then in blocking mode.
  int raw = open_in_root(root_fd_.get(), path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  if (raw < 0) {
    int err = errno;
    return make_error(code_for_errno(err), "cannot open '{}': {}", display_path(path),
                      errno_text(err));
  }
  UniqueFd fd(raw);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return make_error(ErrorCode::kInvalidInput, "'{}' is not a regular file", display_path(path));
  }
  int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
    int err = errno;
    return make_error(ErrorCode::kIo, "cannot read '{}': {}", display_path(path), errno_text(err));
  }
  return fd;
}

Expected<std::string> RootFs::read_file(std::string_view path, std::size_t max_bytes) const {
  auto fd = open_read(path);
  if (!fd) return fd.error();
  struct stat st {};
  if (::fstat(fd->get(), &st) != 0) {
    int err = errno;
    return make_error(ErrorCode::kIo, "cannot read '{}': {}", display_path(path), errno_text(err));
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    return make_error(ErrorCode::kInvalidInput, "'{}' is too large ({} bytes, limit {})",
                      display_path(path), st.st_size, max_bytes);
  }
  std::string content;
  content.resize(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (true) {
    if (done == content.size()) content.resize(done + 4096);  // the file grew; keep reading
    ssize_t n = ::read(fd->get(), content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      return make_error(ErrorCode::kIo, "cannot read '{}': {}", display_path(path),
                        errno_text(err));
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
    if (done > max_bytes) {
      return make_error(ErrorCode::kInvalidInput, "'{}' is too large (limit {} bytes)",
                        display_path(path), max_bytes);
    }
  }
  content.resize(done);
  return content;
}

bool RootFs::exists(std::string_view path) const {
  int fd = open_in_root(root_fd_.get(), path, O_PATH);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

Expected<std::vector<std::string>> RootFs::list_dir(std::string_view path) const {
  int fd = open_in_root(root_fd_.get(), path, O_RDONLY | O_DIRECTORY);
  if (fd < 0) {
    int err = errno;
    return make_error(code_for_errno(err), "cannot open directory '{}': {}", display_path(path),
                      errno_text(err));
  }
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    int err = errno;
    ::close(fd);
    return make_error(ErrorCode::kIo, "cannot read directory '{}': {}", display_path(path),
                      errno_text(err));
  }
  std::vector<std::string> names;
  while (dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace patchplan
