// A root tree (a sandbox or a mounted system) as a deployment target: apt reads an
// APT_CONFIG file of ours that points every directory into the tree, and dpkg runs with
// --root and --log through a wrapper that hides the controller's /etc/dpkg/dpkg.cfg.d
// (apt reads $APT_CONFIG before any other file, apt-pkg/init.cc pkgInitConfig; dpkg reads
// /etc/dpkg/dpkg.cfg.d whatever --root says: shared lab notes, pitfalls 1 and 2).
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "deploy/transports.hpp"

namespace patchplan::deploy::detail {
namespace {

class RootTransport final : public Transport {
 public:
  RootTransport(std::string root, std::string work_dir, bool chrootless)
      : root_(std::move(root)), work_dir_(std::move(work_dir)), chrootless_(chrootless) {}

  [[nodiscard]] std::string name() const override {
    return (chrootless_ ? "chrootless:" : "root:") + root_;
  }

  [[nodiscard]] std::string local_tree() const override { return root_; }

  [[nodiscard]] Command adapt(const Command& command) const override {
    Command out = command;
    if (command.tool == Tool::kApt) {
      out.environment["APT_CONFIG"] = apt_config_path();
    } else if (command.tool == Tool::kDpkg && !out.argv.empty()) {
      std::vector<std::string> words{"--root=" + root_};
      if (out.argv[0] == "dpkg") {
        out.argv[0] = dpkg_wrapper_path();
        words.push_back("--log=" + root_ + "/var/log/dpkg.log");
        if (chrootless_) words.emplace_back("--force-script-chrootless");
      }
      out.argv.insert(out.argv.begin() + 1, words.begin(), words.end());
    } else {
      out.environment["PATCHPLAN_ROOT"] = root_;
    }
    return out;
  }

  Expected<CommandResult> run(const Command& command) override {
    return run_command(adapt(command));
  }

  Expected<std::string> read_file(std::string_view path, std::size_t max_bytes) override {
    return read_local_file(inside(path), max_bytes, inside(path));
  }

  bool exists(std::string_view path) override {
    std::error_code ignored;
    return std::filesystem::exists(inside(path), ignored);
  }

  Expected<std::vector<std::string>> list_dir(std::string_view path) override {
    return list_local_dir(inside(path), inside(path));
  }

  Status fetch_file(std::string_view path, const std::string& local_path) override {
    return copy_local_file(inside(path), local_path);
  }

  Expected<std::string> stage_file(const std::string& local_path) override { return local_path; }

  Expected<std::uint64_t> free_bytes(std::string_view path) override {
    return local_free_bytes(inside(path), inside(path));
  }

  Expected<PackageLock> lock_package_system(std::chrono::milliseconds timeout) override {
    return PackageLock::acquire(inside("/var/lib/dpkg"), timeout);
  }

  // Processes whose own root is the tree see paths inside it; processes of the controller
  // that map files of the tree see them under root_.
  Expected<std::vector<DeletedMapping>> deleted_mappings() override {
    const std::string prefix = root_ + "/";
    return scan_deleted_mappings([&](int pid, const std::string& path) -> std::string {
      if (path.starts_with(prefix)) return path.substr(root_.size());
      std::error_code error;
      auto process_root = std::filesystem::read_symlink(fmt::format("/proc/{}/root", pid), error);
      if (!error && process_root == root_) return path;
      return "";
    });
  }

  bool runs_systemd() override { return false; }

  // A tree a container runs from (systemd-nspawn -D DIR, or a test's systemd sandbox)
  // restarts with its init; a tree nothing runs from cannot reboot.
  Expected<std::string> boot_identity() override {
    int init = container_init(root_);
    if (init == 0) return not_running();
    return init_identity(init);
  }

  // Enters the container's namespaces and root (nsenter), then asks its init.
  Expected<CommandResult> request_reboot(std::chrono::milliseconds timeout) override {
    int init = container_init(root_);
    if (init == 0) return not_running();
    std::error_code ignored;
    bool systemd =
        std::filesystem::exists(fmt::format("/proc/{}/root/run/systemd/system", init), ignored);
    return run_command(inside_container(init, reboot_command(systemd, timeout)));
  }

  void wait_for_startup(std::chrono::milliseconds timeout) override {
    int init = container_init(root_);
    std::error_code ignored;
    if (init == 0 ||
        !std::filesystem::exists(fmt::format("/proc/{}/root/run/systemd/system", init), ignored)) {
      return;
    }
    [[maybe_unused]] auto waited =
        run_command(inside_container(init, startup_wait_command(timeout)));
  }

  Status write_helpers() const {
    std::string empty_dir = work_dir_ + "/empty";
    std::error_code error;
    std::filesystem::create_directories(empty_dir, error);
    if (error) {
      return make_error(ErrorCode::kIo, "cannot create '{}': {}", empty_dir, error.message());
    }
    // The tree's own dpkg configuration replaces the controller's, or nothing does.
    std::string config_dir = inside("/etc/dpkg/dpkg.cfg.d");
    if (!std::filesystem::is_directory(config_dir, error)) config_dir = empty_dir;
    std::string wrapper = fmt::format(
        "#!/bin/sh\n"
        "# Written by patchplan: dpkg for {} without the controller's dpkg.cfg.d.\n"
        "exec unshare --mount --propagation private sh -c "
        "'mount --bind \"$0\" /etc/dpkg/dpkg.cfg.d && exec /usr/bin/dpkg \"$@\"' '{}' \"$@\"\n",
        root_, config_dir);
    std::string chrootless = chrootless_ ? " \"--force-script-chrootless\";" : "";
    std::string config = fmt::format(
        "// Written by patchplan: apt for the tree {0}; read through APT_CONFIG before any\n"
        "// other file, so that the controller's /etc/apt is never read.\n"
        "Dir \"{0}/\";\n"
        "Dir::Etc \"etc/apt/\";\n"
        "Dir::Etc::Parts \"apt.conf.d/\";\n"
        "Dir::State \"var/lib/apt/\";\n"
        "Dir::State::status \"{0}/var/lib/dpkg/status\";\n"
        "Dir::Cache \"var/cache/apt/\";\n"
        "Dir::Log \"var/log/apt/\";\n"
        "Dir::Bin::dpkg \"{1}\";\n"
        "DPkg::Options {{ \"--root={0}\"; \"--log={0}/var/log/dpkg.log\";{2} }};\n"
        "APT::Sandbox::User \"root\";\n"
        "Acquire::Languages \"none\";\n",
        root_, dpkg_wrapper_path(), chrootless);
    if (auto status = write_file(dpkg_wrapper_path(), wrapper, 0755); !status) return status;
    return write_file(apt_config_path(), config, 0644);
  }

 private:
  [[nodiscard]] Error not_running() const {
    return make_error(ErrorCode::kConflict,
                      "target '{}' is a file tree that no running system boots from: it cannot "
                      "be rebooted",
                      name());
  }

  [[nodiscard]] std::string inside(std::string_view path) const {
    return root_ + (path.starts_with('/') ? "" : "/") + std::string(path);
  }
  [[nodiscard]] std::string apt_config_path() const { return work_dir_ + "/apt.conf"; }
  [[nodiscard]] std::string dpkg_wrapper_path() const { return work_dir_ + "/dpkg"; }

  // Writes `path` atomically, unless it already holds `text` with `mode` (the helpers of a
  // target deployed before).
  static Status write_file(const std::string& path, const std::string& text, mode_t mode) {
    struct stat existing {};
    if (::stat(path.c_str(), &existing) == 0 && (existing.st_mode & 07777) == mode &&
        static_cast<std::size_t>(existing.st_size) == text.size()) {
      std::ifstream in(path, std::ios::binary);
      std::string current(text.size(), '\0');
      if (in.read(current.data(), static_cast<std::streamsize>(current.size())) &&
          current == text) {
        return ok();
      }
    }
    std::string temporary = path + ".part";
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out.flush()) return make_error(ErrorCode::kIo, "cannot write '{}'", temporary);
    }
    if (::chmod(temporary.c_str(), mode) != 0 || ::rename(temporary.c_str(), path.c_str()) != 0) {
      return make_error(ErrorCode::kIo, "cannot install '{}'", path);
    }
    return ok();
  }

  std::string root_;
  std::string work_dir_;
  bool chrootless_;
};

}  // namespace

Expected<std::unique_ptr<Transport>> make_root_transport(const std::string& root,
                                                         const std::string& work_dir,
                                                         bool chrootless) {
  std::error_code error;
  if (!std::filesystem::is_directory(root + "/var/lib/dpkg", error)) {
    return make_error(ErrorCode::kNotFound, "target root '{}' has no dpkg database '{}'", root,
                      root + "/var/lib/dpkg");
  }
  // Maintainer scripts run chrooted into the tree, which needs its own shell. Without one,
  // dpkg could only run them on this machine (--force-script-chrootless): that is asked
  // for by name, never assumed.
  if (!chrootless && !std::filesystem::exists(root + "/bin/sh", error)) {
    return make_error(ErrorCode::kUsage,
                      "target 'root:{0}' has no /bin/sh, so its maintainer scripts cannot run "
                      "inside it: name it 'chrootless:{0}' to run them on this machine with "
                      "DPKG_ROOT set (only for packages written for that)",
                      root);
  }
  auto transport = std::make_unique<RootTransport>(root, work_dir, chrootless);
  if (auto status = transport->write_helpers(); !status) return status.error();
  return std::unique_ptr<Transport>(std::move(transport));
}

}  // namespace patchplan::deploy::detail
