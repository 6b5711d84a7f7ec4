// open_transport: from a target name to its transport.
#include "deploy/transport.hpp"

#include <filesystem>

#include "deploy/transports.hpp"

namespace patchplan::deploy {

Expected<std::unique_ptr<Transport>> open_transport(std::string_view target,
                                                    const std::string& work_dir) {
  if (target == "local") return detail::make_local_transport();
  const bool chrootless = target.starts_with("chrootless:");
  if (!target.starts_with("root:") && !chrootless) {
    return make_error(ErrorCode::kUsage,
                      "unknown target '{}': expected 'local', 'root:DIR' or 'chrootless:DIR'",
                      target);
  }
  std::string dir(target.substr(target.find(':') + 1));
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(dir, error).lexically_normal();
  std::string root = absolute.string();
  while (root.size() > 1 && root.ends_with('/')) root.pop_back();
  if (dir.empty() || error || !std::filesystem::is_directory(root, error)) {
    return make_error(ErrorCode::kNotFound, "target root '{}' is not a directory", dir);
  }
  // The root is written into the APT_CONFIG file and the dpkg wrapper as a quoted word.
  if (root.find_first_of("'\"\\$`\n") != std::string::npos) {
    return make_error(ErrorCode::kUsage, "target root '{}' has a quote, '$', '`' or newline", dir);
  }
  std::filesystem::create_directories(work_dir, error);
  if (error) {
    return make_error(ErrorCode::kIo, "cannot create '{}': {}", work_dir, error.message());
  }
  return detail::make_root_transport(root, work_dir, chrootless);
}

}  // namespace patchplan::deploy
