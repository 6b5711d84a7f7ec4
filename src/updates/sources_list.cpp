// Reading the sources of a root in apt's order (pkgSourceList::ReadMainList, apt 2.6).
#include "updates/sources_list.hpp"

#include <fmt/format.h>

#include "updates/parts_dir.hpp"

namespace patchplan::updates {
namespace {

constexpr std::size_t kMaxSourcesFile = 16u << 20;

Status read_sources_file(const RootFs& root, const std::string& path, std::string_view arch,
                         SourcesList& sources) {
  auto text = root.read_file(path, kMaxSourcesFile);
  if (!text) return text.error().context("cannot read sources");
  std::string name = root.display_path(path);
  auto entries = path.ends_with(".sources")
                     ? parse_deb822_sources(*text, name, arch, sources.notices)
                     : parse_one_line_sources(*text, name, arch, sources.notices);
  if (!entries) return entries.error();
  sources.entries.insert(sources.entries.end(), std::make_move_iterator(entries->begin()),
                         std::make_move_iterator(entries->end()));
  return ok();
}

}  // namespace

Expected<SourcesList> read_sources_list(const RootFs& root, const AptConfig& config,
                                        std::string_view native_architecture) {
  SourcesList sources;
  std::string main = config.find_file("Dir::Etc::sourcelist", "/dev/null");
  std::string parts = config.find_dir("Dir::Etc::sourceparts", "/dev/null");
  bool main_exists = !main.ends_with("/dev/null") && is_regular_file(root, main);
  bool parts_exist = !parts.ends_with("/dev/null") && static_cast<bool>(root.list_dir(parts));

  if (main_exists) {
    if (auto status = read_sources_file(root, main, native_architecture, sources); !status) {
      return status.error();
    }
  } else if (!parts_exist && !parts.ends_with("/dev/null")) {
    sources.notices.push_back(fmt::format("cannot read '{}'", root.display_path(parts)));
  }

  if (parts_exist) {
    auto files = list_part_files(root, parts, {"list", "sources"}, false);
    if (!files) return files.error().context("cannot list sources");
    sources.notices.insert(sources.notices.end(), files->notices.begin(), files->notices.end());
    for (const std::string& path : files->paths) {
      if (auto status = read_sources_file(root, path, native_architecture, sources); !status) {
        return status.error();
      }
    }
  } else if (!main.empty() && !main_exists && !parts.ends_with("/dev/null")) {
    sources.notices.push_back(fmt::format("cannot read '{}'", root.display_path(main)));
  }
  return sources;
}

}  // namespace patchplan::updates
