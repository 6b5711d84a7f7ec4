// Taking a checkpoint: versions from the dpkg database, .debs from cache, pool or archive.
#include "deploy/checkpoint.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "deploy/transports.hpp"

namespace patchplan::deploy {
namespace {

namespace fs = std::filesystem;

const HostPackage* installed_package(const PrecheckReport& report, const std::string& apt_name) {
  std::vector<std::string> keys;
  if (apt_name.find(':') != std::string::npos) {
    keys.push_back(apt_name);
  } else {
    keys = {apt_name + ":" + report.native_architecture, apt_name + ":all"};
  }
  for (const auto& key : keys) {
    auto it = report.packages.find(key);
    if (it != report.packages.end() && it->second.has_current_version()) return &it->second;
  }
  return nullptr;
}

// Rebuilds the installed `package` from its files and dpkg's records with dpkg-repack
// (--root for a tree; the .deb lands in `scratch`) and returns its path. dpkg-repack names
// the file as dpkg-deb --build does, without the epoch, so it is looked up by prefix.
Expected<std::string> repack_installed(Transport& transport, const HostPackage& package,
                                       const std::string& scratch) {
  const std::string prefix = package.name + "_";
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(scratch, error)) {
    if (entry.path().filename().string().starts_with(prefix)) fs::remove(entry.path(), error);
  }
  std::vector<std::string> argv{"dpkg-repack", "--tag=none"};
  if (transport.local_tree() != "/") argv.push_back("--root=" + transport.local_tree());
  argv.push_back(package.name + ":" + package.architecture);
  Command command = make_command(Tool::kPlain, argv);
  command.working_dir = scratch;
  auto result = transport.run(command);
  if (!result) {
    return make_error(ErrorCode::kNotFound,
                      "no copy of installed '{}' {} to roll back to: not in apt's cache, the "
                      "pool or the archive, and {}",
                      package.name, package.version, result.error().message);
  }
  for (const auto& entry : fs::directory_iterator(scratch, error)) {
    std::string name = entry.path().filename().string();
    if (result->succeeded() && name.starts_with(prefix) && name.ends_with(".deb")) {
      return entry.path().string();
    }
  }
  std::string output = result->output;
  while (!output.empty() && output.back() == '\n') output.pop_back();
  return make_error(
      ErrorCode::kNotFound,
      "no copy of installed '{}' {} to roll back to: not in apt's cache, the pool "
      "or the archive, and dpkg-repack failed (exit code {}): {}",
      package.name, package.version, result->exit_code,
      output.substr(output.rfind('\n') == std::string::npos ? 0 : output.rfind('\n') + 1));
}

// Puts the .deb of `package` into the pool and returns its path there.
Expected<std::string> keep_deb(Transport& transport, const HostPackage& package,
                               const std::string& pool_dir) {
  const std::string file = archive_file_name(package.name, package.version, package.architecture);
  const std::string kept = pool_dir + "/" + file;
  std::error_code error;
  if (fs::exists(kept, error)) return kept;
  const std::string cached = "/var/cache/apt/archives/" + file;
  if (transport.exists(cached)) {
    if (auto s = transport.fetch_file(cached, kept); !s) return s.error();
    return kept;
  }
  // The archive may still have it; apt-get download writes into its working directory.
  std::string scratch = pool_dir + "/.download";
  fs::create_directories(scratch, error);
  std::vector<std::string> argv{"apt-get"};
  for (auto& option : apt_common_options()) argv.push_back(option);
  argv.emplace_back("download");
  argv.push_back(package.name + ":" + package.architecture + "=" + package.version);
  Command command = make_command(Tool::kApt, argv);
  command.working_dir = scratch;
  auto result = transport.run(command);
  if (!result) return result.error();
  std::string downloaded = scratch + "/" + file;
  if (!result->succeeded() || !fs::exists(downloaded, error)) {
    auto repacked = repack_installed(transport, package, scratch);
    if (!repacked) return repacked.error();
    downloaded = *repacked;
  }
  fs::rename(downloaded, kept, error);
  if (error) return make_error(ErrorCode::kIo, "cannot move '{}' into the pool", downloaded);
  return kept;
}

}  // namespace

std::string archive_file_name(const std::string& name, const std::string& version,
                              const std::string& architecture) {
  std::string quoted;
  for (char c : version) quoted += c == ':' ? std::string("%3a") : std::string(1, c);
  return name + "_" + quoted + "_" + architecture + ".deb";
}

Expected<Checkpoint> take_checkpoint(Transport& transport, const PrecheckReport& report,
                                     const std::string& pool_dir) {
  std::error_code error;
  fs::create_directories(pool_dir, error);
  if (error) return make_error(ErrorCode::kIo, "cannot create the pool '{}'", pool_dir);
  Checkpoint checkpoint;
  for (const auto& action : report.actions) {
    if (action.remove) continue;
    const HostPackage* package = installed_package(report, action.name);
    CheckpointEntry entry;
    if (package == nullptr) {
      std::size_t colon = action.name.find(':');
      entry.name = action.name.substr(0, colon);
      entry.architecture =
          colon == std::string::npos ? "" : action.name.substr(colon + 1);  // "" = apt's choice
      checkpoint.entries.push_back(std::move(entry));
      continue;
    }
    entry.name = package->name;
    entry.architecture = package->architecture;
    entry.version = package->version;
    auto deb = keep_deb(transport, *package, pool_dir);
    if (!deb) return deb.error();
    entry.deb = *deb;
    checkpoint.entries.push_back(std::move(entry));
  }
  return checkpoint;
}

std::string checkpoint_json(const Checkpoint& checkpoint) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& entry : checkpoint.entries) {
    entries.push_back({{"name", entry.name},
                       {"architecture", entry.architecture},
                       {"version", entry.version},
                       {"deb", entry.deb}});
  }
  return nlohmann::json{{"packages", std::move(entries)}}.dump();
}

Expected<Checkpoint> parse_checkpoint(std::string_view text) {
  auto document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.contains("packages") ||
      !document["packages"].is_array()) {
    return make_error(ErrorCode::kInvalidInput, "stored checkpoint is not readable");
  }
  Checkpoint checkpoint;
  for (const auto& item : document["packages"]) {
    if (!item.is_object()) return make_error(ErrorCode::kInvalidInput, "bad checkpoint entry");
    checkpoint.entries.push_back({item.value("name", ""), item.value("architecture", ""),
                                  item.value("version", ""), item.value("deb", "")});
  }
  return checkpoint;
}

}  // namespace patchplan::deploy
