// Trial and real runs of a fix: the mounts each needs, and the trial's upper layers read back.
#include "harden/fix_sandbox.hpp"

#include <dirent.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "harden/fix_process.hpp"
#include "store/sha256.hpp"

namespace patchplan::harden {
namespace {

using detail::MountOp;
using detail::SandboxSpec;

constexpr std::string_view kRuntimeDirs[] = {"/proc", "/sys", "/dev"};

bool is_under(std::string_view path, std::string_view dir) {
  if (dir == "/") return true;
  return path == dir ||
         (path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/');
}

std::string joined(std::string_view root, std::string_view path) {
  if (root == "/") return std::string(path);
  return std::string(root) + std::string(path == "/" ? "" : path);
}

// Octal escapes of /proc/self/mountinfo (\040 for a space).
std::string unescape_mountinfo(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size()) {
      out += static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 +
                               (text[i + 3] - '0'));
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Mount points strictly below `root`, parents first, without the runtime directories.
std::vector<std::string> submounts(const std::string& root) {
  std::vector<std::string> out;
  std::ifstream mountinfo("/proc/self/mountinfo");
  std::string line;
  while (std::getline(mountinfo, line)) {
    std::istringstream fields(line);
    std::string id, parent, device, source, point;
    fields >> id >> parent >> device >> source >> point;
    const std::string path = unescape_mountinfo(point);
    if (path == root || !is_under(path, root)) continue;
    const std::string inside = root == "/" ? path : path.substr(root.size());
    const bool runtime = std::any_of(std::begin(kRuntimeDirs), std::end(kRuntimeDirs),
                                     [&](std::string_view dir) { return is_under(inside, dir); });
    if (!runtime) out.push_back(path);
  }
  return out;
}

bool is_directory(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

Status check_overlay_path(const std::string& path) {
  if (path.find_first_of(",:\\") != std::string::npos) {
    return make_error(ErrorCode::kInvalidInput,
                      "cannot overlay '{}' for a fix trial: overlayfs takes no ',', ':' or '\\' "
                      "in a layer path",
                      path);
  }
  return ok();
}

// Binds the machine's /proc, /sys and /dev read-only into `target_root` where it has them.
void bind_runtime_dirs(const std::string& target_root, const std::string& check_root,
                       std::vector<MountOp>* mounts) {
  for (std::string_view dir : kRuntimeDirs) {
    if (!is_directory(joined(check_root, dir))) continue;
    mounts->push_back(MountOp{fmt::format("read-only bind of {}", dir),
                              std::string(dir),
                              target_root + std::string(dir),
                              "",
                              "",
                              MS_BIND | MS_REC,
                              {},
                              true});
  }
}

// Lists the upper layer `upper` (seen through the holder's /proc/PID/root) into `out`, as
// paths under `prefix`.
Status walk_upper(const std::string& upper, const std::string& prefix,
                  std::vector<TrialChange>* out) {
  DIR* dir = ::opendir(upper.c_str());
  if (dir == nullptr) {
    return make_error(ErrorCode::kIo, "cannot read the trial's layer '{}': {}", upper,
                      std::strerror(errno));
  }
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  ::closedir(dir);
  for (const std::string& name : names) {
    const std::string real = upper + "/" + name;
    TrialChange change;
    change.path = prefix == "/" ? "/" + name : prefix + "/" + name;
    struct stat info {};
    if (::lstat(real.c_str(), &info) != 0) {
      return make_error(ErrorCode::kIo, "cannot stat '{}': {}", real, std::strerror(errno));
    }
    if (S_ISCHR(info.st_mode) && info.st_rdev == makedev(0, 0)) {
      change.deleted = true;
      out->push_back(std::move(change));
      continue;
    }
    if (S_ISDIR(info.st_mode)) {
      char flag[2] = {};
      change.opaque = ::lgetxattr(real.c_str(), "trusted.overlay.opaque", flag, sizeof flag) == 1 &&
                      flag[0] == 'y';
      const std::string path = change.path;
      out->push_back(std::move(change));
      if (auto walked = walk_upper(real, path, out); !walked) return walked;
      continue;
    }
    if (S_ISREG(info.st_mode)) {
      std::ifstream file(real, std::ios::binary);
      std::ostringstream content;
      content << file.rdbuf();
      change.sha256 = store::sha256_hex(content.str());
    }
    out->push_back(std::move(change));
  }
  return ok();
}

Status check_script_size(const std::string& script) {
  if (script.size() > kMaxScriptBytes) {
    return make_error(ErrorCode::kInvalidInput,
                      "the fix has {} bytes, more than the {} bash -c takes", script.size(),
                      kMaxScriptBytes);
  }
  return ok();
}

struct Scratch {
  std::string dir;
  ~Scratch() {
    if (!dir.empty()) ::rmdir(dir.c_str());
  }
};

}  // namespace

struct OverlayRun::State {
  Scratch scratch;                            // removed last
  std::optional<detail::FixProcess> process;  // its holder keeps the layers mounted
  std::vector<std::string> layers;            // the path inside the root of each upper layer
  std::vector<FileRoot> uppers;               // each upper layer, through /proc/PID/root
  FixOutcome outcome;
  std::vector<TrialChange> changes;
};

OverlayRun::OverlayRun(std::unique_ptr<State> state) : state_(std::move(state)) {}
OverlayRun::OverlayRun(OverlayRun&&) noexcept = default;
OverlayRun& OverlayRun::operator=(OverlayRun&&) noexcept = default;
OverlayRun::~OverlayRun() = default;

const FixOutcome& OverlayRun::outcome() const { return state_->outcome; }
const std::vector<TrialChange>& OverlayRun::changes() const { return state_->changes; }

Expected<FileState> OverlayRun::state(std::string_view path, std::size_t max_bytes) const {
  const auto change = std::find_if(state_->changes.begin(), state_->changes.end(),
                                   [&](const TrialChange& c) { return c.path == path; });
  if (change != state_->changes.end() && change->deleted) return FileState{};
  std::size_t layer = 0;
  for (std::size_t n = 1; n < state_->layers.size(); ++n) {
    if (is_under(path, state_->layers[n]) && path != state_->layers[n] &&
        state_->layers[n].size() > state_->layers[layer].size()) {
      layer = n;
    }
  }
  const std::string& inside = state_->layers[layer];
  const std::string relative =
      inside == "/" ? std::string(path) : std::string(path.substr(inside.size()));
  auto state = state_->uppers[layer].capture(relative, max_bytes);
  if (state && state->kind == FileKind::kOther) {
    return make_error(ErrorCode::kInvalidInput,
                      "the fix made '{}' a special file, which is not carried over", path);
  }
  return state;
}

Expected<OverlayRun> OverlayRun::run(const std::string& script, const FixRunOptions& options) {
  if (auto checked = check_script_size(script); !checked) return checked.error();
  auto run = std::make_unique<State>();
  Scratch& scratch = run->scratch;
  char name[] = "/tmp/patchplan-fix-XXXXXX";
  if (::mkdtemp(name) == nullptr) {
    return make_error(ErrorCode::kIo, "cannot create a scratch directory for a fix trial: {}",
                      std::strerror(errno));
  }
  scratch.dir = name;
  const std::string merged = scratch.dir + "/merged";
  SandboxSpec spec;
  spec.new_namespace = true;
  spec.mounts.push_back(MountOp{
      "tmpfs for the trial's layers", "tmpfs", scratch.dir, "tmpfs", "mode=0700", 0, {}, false});
  std::vector<std::string>& layers = run->layers;
  std::vector<std::string> lowers{options.root};
  std::vector<std::string> points = submounts(options.root);
  std::sort(points.begin(), points.end());  // a mount before the mounts below it
  lowers.insert(lowers.end(), points.begin(), points.end());
  for (const std::string& lower : lowers) {
    const std::string inside = options.root == "/"     ? lower
                               : lower == options.root ? "/"
                                                       : lower.substr(options.root.size());
    const std::string target = joined(merged, inside);
    if (!is_directory(lower)) {
      spec.mounts.push_back(MountOp{fmt::format("read-only bind of the file '{}'", lower),
                                    lower,
                                    target,
                                    "",
                                    "",
                                    MS_BIND,
                                    {},
                                    true});
      continue;
    }
    if (auto checked = check_overlay_path(lower); !checked) return checked.error();
    const std::size_t n = layers.size();
    const std::string upper = fmt::format("{}/upper{}", scratch.dir, n);
    const std::string work = fmt::format("{}/work{}", scratch.dir, n);
    std::vector<std::string> dirs{upper, work};
    if (n == 0) dirs.push_back(merged);
    spec.mounts.push_back(MountOp{
        fmt::format("overlay of '{}'", lower), "overlay", target, "overlay",
        fmt::format("lowerdir={},upperdir={},workdir={}", lower, upper, work), 0, dirs, false});
    layers.push_back(inside);
  }
  bind_runtime_dirs(merged, options.root, &spec.mounts);
  spec.chroot_dir = merged;
  auto process = detail::FixProcess::start(script, spec);
  if (!process) return process.error();
  run->process.emplace(std::move(*process));
  auto outcome = run->process->wait(options.timeout, options.max_output);
  if (!outcome) return outcome.error();
  run->outcome = std::move(*outcome);
  if (run->outcome.timed_out) return OverlayRun(std::move(run));
  const std::string through = fmt::format("/proc/{}/root", run->process->holder());
  for (std::size_t n = 0; n < layers.size(); ++n) {
    const std::string upper = fmt::format("{}{}/upper{}", through, scratch.dir, n);
    auto walked = walk_upper(upper, layers[n], &run->changes);
    if (!walked) return walked.error();
    auto opened = FileRoot::open(upper);
    if (!opened) return opened.error();
    run->uppers.push_back(std::move(*opened));
  }
  std::sort(run->changes.begin(), run->changes.end(),
            [](const TrialChange& a, const TrialChange& b) { return a.path < b.path; });
  return OverlayRun(std::move(run));
}

Expected<FixOutcome> run_fix(const std::string& script, const FixRunOptions& options) {
  if (auto checked = check_script_size(script); !checked) return checked.error();
  SandboxSpec spec;
  if (options.root != "/") {
    spec.new_namespace = true;
    bind_runtime_dirs(options.root, options.root, &spec.mounts);
    spec.chroot_dir = options.root;
  }
  auto process = detail::FixProcess::start(script, spec);
  if (!process) return process.error();
  return process->wait(options.timeout, options.max_output);
}

}  // namespace patchplan::harden
