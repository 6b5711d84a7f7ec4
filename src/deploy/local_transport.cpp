// The local host as a deployment target.
#include <filesystem>

#include "deploy/transports.hpp"

namespace patchplan::deploy::detail {
namespace {

class LocalTransport final : public Transport {
 public:
  [[nodiscard]] std::string name() const override { return "local"; }

  [[nodiscard]] std::string local_tree() const override { return "/"; }

  [[nodiscard]] Command adapt(const Command& command) const override { return command; }

  Expected<CommandResult> run(const Command& command) override { return run_command(command); }

  Expected<std::string> read_file(std::string_view path, std::size_t max_bytes) override {
    return read_local_file(std::string(path), max_bytes, path);
  }

  bool exists(std::string_view path) override {
    std::error_code ignored;
    return std::filesystem::exists(std::string(path), ignored);
  }

  Expected<std::vector<std::string>> list_dir(std::string_view path) override {
    return list_local_dir(std::string(path), path);
  }

  Status fetch_file(std::string_view path, const std::string& local_path) override {
    return copy_local_file(std::string(path), local_path);
  }

  Expected<std::string> stage_file(const std::string& local_path) override { return local_path; }

  Expected<std::uint64_t> free_bytes(std::string_view path) override {
    return local_free_bytes(std::string(path), path);
  }

  Expected<PackageLock> lock_package_system(std::chrono::milliseconds timeout) override {
    return PackageLock::acquire("/var/lib/dpkg", timeout);
  }

  Expected<std::vector<DeletedMapping>> deleted_mappings() override {
    return scan_deleted_mappings([](int, const std::string& path) { return path; });
  }

  bool runs_systemd() override { return exists("/run/systemd/system"); }

  Expected<std::string> boot_identity() override { return local_boot_id(); }

  Expected<CommandResult> request_reboot(std::chrono::milliseconds timeout) override {
    return run_command(reboot_command(runs_systemd(), timeout));
  }

  void wait_for_startup(std::chrono::milliseconds timeout) override {
    if (!runs_systemd()) return;
    [[maybe_unused]] auto waited = run_command(startup_wait_command(timeout));
  }
};

}  // namespace

std::unique_ptr<Transport> make_local_transport() { return std::make_unique<LocalTransport>(); }

}  // namespace patchplan::deploy::detail
