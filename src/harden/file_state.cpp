// Capturing and restoring paths inside a root for remediation journals and rollbacks.
#include "harden/file_state.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "store/sha256.hpp"

namespace patchplan::harden {
namespace {

std::string_view kind_name(FileKind kind) {
  switch (kind) {
    case FileKind::kAbsent:
      return "absent";
    case FileKind::kRegular:
      return "file";
    case FileKind::kDirectory:
      return "directory";
    case FileKind::kSymlink:
      return "symlink";
    case FileKind::kOther:
      return "other";
  }
  return "other";
}

Error errno_error(std::string_view what, std::string_view path) {
  return make_error(ErrorCode::kIo, "cannot {} '{}': {}", what, path, std::strerror(errno));
}

std::string split_name(std::string_view path, std::string* parent) {
  const std::size_t slash = path.rfind('/');
  *parent =
      slash == std::string_view::npos || slash == 0 ? "/" : std::string(path.substr(0, slash));
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

Status write_all(int fd, std::string_view data, std::string_view path) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return errno_error("write", path);
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return ok();
}

}  // namespace

nlohmann::json file_state_json(const FileState& state) {
  nlohmann::json json{{"kind", kind_name(state.kind)}};
  if (state.kind == FileKind::kAbsent) return json;
  json["mode"] = fmt::format("{:04o}", state.mode);
  json["uid"] = state.uid;
  json["gid"] = state.gid;
  json["mtime"] = fmt::format("{}.{:09}", state.mtime_sec, state.mtime_nsec);
  if (state.kind == FileKind::kRegular) {
    json["size"] = state.size;
    json["sha256"] = state.sha256;
  }
  if (state.kind == FileKind::kSymlink) json["target"] = state.target;
  return json;
}

Expected<FileState> file_state_from_json(const nlohmann::json& json) {
  FileState state;
  try {
    const std::string kind = json.at("kind").get<std::string>();
    if (kind == "absent") return state;
    if (kind == "file") {
      state.kind = FileKind::kRegular;
    } else if (kind == "directory") {
      state.kind = FileKind::kDirectory;
    } else if (kind == "symlink") {
      state.kind = FileKind::kSymlink;
    } else if (kind == "other") {
      state.kind = FileKind::kOther;
    } else {
      return make_error(ErrorCode::kInvalidInput, "unknown file kind '{}'", kind);
    }
    state.mode =
        static_cast<std::uint32_t>(std::stoul(json.at("mode").get<std::string>(), nullptr, 8));
    state.uid = json.at("uid").get<std::int64_t>();
    state.gid = json.at("gid").get<std::int64_t>();
    const std::string mtime = json.at("mtime").get<std::string>();
    const std::size_t dot = mtime.find('.');
    state.mtime_sec = std::stoll(mtime.substr(0, dot));
    state.mtime_nsec = dot == std::string::npos ? 0 : std::stoll(mtime.substr(dot + 1));
    if (state.kind == FileKind::kRegular) {
      state.size = json.at("size").get<std::int64_t>();
      state.sha256 = json.at("sha256").get<std::string>();
    }
    if (state.kind == FileKind::kSymlink) state.target = json.at("target").get<std::string>();
  } catch (const std::exception& error) {
    return make_error(ErrorCode::kInvalidInput, "malformed file state: {}", error.what());
  }
  return state;
}

Expected<FileRoot> FileRoot::open(const std::string& root) {
  const int fd = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno_error("open root", root);
  return FileRoot(root, UniqueFd(fd));
}

Expected<UniqueFd> FileRoot::open_parent(std::string_view path, std::string* name) const {
  std::string parent;
  *name = split_name(path, &parent);
  if (name->empty() || *name == "." || *name == "..") {
    return make_error(ErrorCode::kInvalidInput, "'{}' does not name a file", path);
  }
  open_how how{};
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  const long fd = ::syscall(SYS_openat2, fd_.get(), parent.c_str(), &how, sizeof how);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return make_error(ErrorCode::kNotFound, "absent");
    return errno_error("open directory", parent);
  }
  return UniqueFd(static_cast<int>(fd));
}

Expected<FileState> FileRoot::capture(std::string_view path, std::size_t max_bytes) const {
  std::string name;
  auto parent = open_parent(path, &name);
  if (!parent) {
    if (parent.error().code == ErrorCode::kNotFound) return FileState{};
    return parent.error();
  }
  struct stat info {};
  if (::fstatat(parent->get(), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return FileState{};
    return errno_error("stat", path);
  }
  FileState state;
  state.mode = static_cast<std::uint32_t>(info.st_mode & 07777);
  state.uid = info.st_uid;
  state.gid = info.st_gid;
  state.mtime_sec = info.st_mtim.tv_sec;
  state.mtime_nsec = info.st_mtim.tv_nsec;
  if (S_ISDIR(info.st_mode)) {
    state.kind = FileKind::kDirectory;
  } else if (S_ISLNK(info.st_mode)) {
    state.kind = FileKind::kSymlink;
    std::string target(static_cast<std::size_t>(info.st_size) + 1, '\0');
    const ssize_t length = ::readlinkat(parent->get(), name.c_str(), target.data(), target.size());
    if (length < 0) return errno_error("read symlink", path);
    target.resize(static_cast<std::size_t>(length));
    state.target = std::move(target);
  } else if (S_ISREG(info.st_mode)) {
    state.kind = FileKind::kRegular;
    if (static_cast<std::uint64_t>(info.st_size) > max_bytes) {
      return make_error(ErrorCode::kInvalidInput,
                        "'{}' has {} bytes, more than the {} a remediation journal keeps", path,
                        info.st_size, max_bytes);
    }
    const UniqueFd file(::openat(parent->get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!file.valid()) return errno_error("read", path);
    char buffer[65536];
    for (;;) {
      const ssize_t got = ::read(file.get(), buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return errno_error("read", path);
      if (got == 0) break;
      state.content.append(buffer, static_cast<std::size_t>(got));
      if (state.content.size() > max_bytes) {
        return make_error(ErrorCode::kInvalidInput, "'{}' grew past {} bytes while read", path,
                          max_bytes);
      }
    }
    state.size = static_cast<std::int64_t>(state.content.size());
    state.sha256 = store::sha256_hex(state.content);
  } else {
    state.kind = FileKind::kOther;
  }
  return state;
}

Status FileRoot::restore(std::string_view path, const FileState& state) const {
  std::string name;
  auto parent = open_parent(path, &name);
  if (!parent) return parent.error().context(fmt::format("cannot restore '{}'", path));
  const int dir = parent->get();
  struct stat info {};
  const bool exists = ::fstatat(dir, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0;
  const auto uid = static_cast<uid_t>(state.uid);
  const auto gid = static_cast<gid_t>(state.gid);
  switch (state.kind) {
    case FileKind::kAbsent:
      if (!exists) return ok();
      if (::unlinkat(dir, name.c_str(), S_ISDIR(info.st_mode) ? AT_REMOVEDIR : 0) != 0) {
        return errno_error("remove", path);
      }
      return ok();
    case FileKind::kDirectory:
      if (exists && !S_ISDIR(info.st_mode) && ::unlinkat(dir, name.c_str(), 0) != 0) {
        return errno_error("remove", path);
      }
      if ((!exists || !S_ISDIR(info.st_mode)) && ::mkdirat(dir, name.c_str(), 0700) != 0) {
        return errno_error("create directory", path);
      }
      if (::fchownat(dir, name.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0) {
        return errno_error("change the owner of", path);
      }
      if (::fchmodat(dir, name.c_str(), state.mode, 0) != 0) {
        return errno_error("change the mode of", path);
      }
      return ok();
    case FileKind::kRegular:
    case FileKind::kSymlink: {
      if (exists && S_ISDIR(info.st_mode) && ::unlinkat(dir, name.c_str(), AT_REMOVEDIR) != 0) {
        return errno_error("remove directory", path);
      }
      const std::string temporary = fmt::format(".{}.patchplan-restore", name);
      ::unlinkat(dir, temporary.c_str(), 0);
      if (state.kind == FileKind::kSymlink) {
        if (::symlinkat(state.target.c_str(), dir, temporary.c_str()) != 0) {
          return errno_error("create symlink", path);
        }
        if (::fchownat(dir, temporary.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0) {
          return errno_error("change the owner of", path);
        }
      } else {
        const UniqueFd file(::openat(dir, temporary.c_str(),
                                     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (!file.valid()) return errno_error("create", path);
        if (auto written = write_all(file.get(), state.content, path); !written) return written;
        if (::fchown(file.get(), uid, gid) != 0) return errno_error("change the owner of", path);
        if (::fchmod(file.get(), state.mode) != 0) return errno_error("change the mode of", path);
        if (::fsync(file.get()) != 0) return errno_error("sync", path);
      }
      if (::renameat(dir, temporary.c_str(), dir, name.c_str()) != 0) {
        const int saved = errno;
        ::unlinkat(dir, temporary.c_str(), 0);
        errno = saved;
        return errno_error("replace", path);
      }
      return restore_time(path, state);
    }
    case FileKind::kOther:
      return make_error(ErrorCode::kInvalidInput,
                        "cannot restore '{}': it was neither a file, a directory nor a symlink",
                        path);
  }
  return ok();
}

Status FileRoot::restore_time(std::string_view path, const FileState& state) const {
  if (state.kind == FileKind::kAbsent) return ok();
  std::string name;
  auto parent = open_parent(path, &name);
  if (!parent) return parent.error().context(fmt::format("cannot restore '{}'", path));
  const timespec times[2] = {{0, UTIME_OMIT}, {state.mtime_sec, state.mtime_nsec}};
  if (::utimensat(parent->get(), name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
    return errno_error("set the time of", path);
  }
  return ok();
}

Status apply_states(const FileRoot& root, std::vector<PathState> states,
                    std::vector<std::string>* done) {
  std::sort(states.begin(), states.end(),
            [](const PathState& a, const PathState& b) { return a.path < b.path; });
  for (auto it = states.rbegin(); it != states.rend(); ++it) {
    if (it->state.kind != FileKind::kAbsent) continue;
    if (auto applied = root.restore(it->path, it->state); !applied) return applied;
    done->push_back(it->path);
  }
  for (const PathState& entry : states) {
    if (entry.state.kind == FileKind::kAbsent) continue;
    if (auto applied = root.restore(entry.path, entry.state); !applied) return applied;
    done->push_back(entry.path);
  }
  for (auto it = states.rbegin(); it != states.rend(); ++it) {
    if (it->state.kind != FileKind::kDirectory) continue;
    if (auto applied = root.restore_time(it->path, it->state); !applied) return applied;
  }
  return ok();
}

}  // namespace patchplan::harden
