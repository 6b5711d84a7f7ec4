// Default content lookup from os-release.
#include "harden/default_content.hpp"

#include <filesystem>

#include "inventory/os_release.hpp"

namespace patchplan::harden {

Expected<std::string> default_content(const RootFs& root, const std::string& content_dir) {
  std::vector<std::string> warnings;
  auto os = inventory::read_os_release(root, warnings);
  if (!os) return os.error().context("cannot tell which scap content applies");
  std::string version = os->version_id;
  std::erase(version, '.');
  const std::string file = fmt::format("{}/ssg-{}{}-ds.xml", content_dir, os->id, version);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    return make_error(ErrorCode::kNotFound,
                      "no scap content for {} {} ('{}' does not exist): install the ssg-debian "
                      "package or give --content FILE",
                      os->id, os->version_id, file);
  }
  return file;
}

}  // namespace patchplan::harden
