// Reading the Package and Version fields of the shared archive indexes.
#include "versions/tests/archive_versions.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string_view>

#include "common/byte_source.hpp"
#include "common/deb822.hpp"
#include "common/root_fs.hpp"

namespace patchplan::versions::testing {
namespace {

constexpr std::string_view kListFolders[] = {"lists-2026-12-04", "lists-trixie-2026-12-04"};
constexpr std::string_view kIndexSuffix = "Packages.xz";

Status read_index(const RootFs& root, const std::string& path, std::vector<PackageVersion>& out) {
  Expected<std::unique_ptr<ByteSource>> source = open_byte_source(root, path);
  if (!source) return source.error();
  ParagraphReader reader(std::move(*source));
  while (true) {
    Expected<std::optional<Paragraph>> paragraph = reader.next();
    if (!paragraph) return paragraph.error();
    if (!paragraph->has_value()) break;
    const std::optional<Field> package = find_field(**paragraph, "Package");
    const std::optional<Field> version = find_field(**paragraph, "Version");
    if (!package || !version) {
      return make_error(ErrorCode::kInvalidInput, "{}:{}: paragraph without Package or Version",
                        root.display_path(path), (*paragraph)->first_line);
    }
    out.push_back({std::string(trim(package->value)), std::string(trim(version->value))});
  }
  if (std::vector<std::string> skipped = reader.take_skipped(); !skipped.empty()) {
    return make_error(ErrorCode::kInvalidInput, "{}", skipped.front());
  }
  return ok();
}

}  // namespace

Expected<std::vector<PackageVersion>> read_archive_versions(const std::string& shared_dir) {
  Expected<RootFs> root = RootFs::open(shared_dir + "/data/debian");
  if (!root) return root.error();
  std::vector<PackageVersion> versions;
  for (std::string_view folder : kListFolders) {
    Expected<std::vector<std::string>> names = root->list_dir(folder);
    if (!names) return names.error();
    for (const std::string& name : *names) {
      if (!name.ends_with(kIndexSuffix)) continue;
      if (Status read = read_index(*root, fmt::format("{}/{}", folder, name), versions); !read) {
        return read.error();
      }
    }
  }
  std::sort(versions.begin(), versions.end());
  versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
  return versions;
}

std::vector<std::pair<std::string, std::string>> same_package_pairs(
    const std::vector<PackageVersion>& versions) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::size_t begin = 0; begin < versions.size();) {
    std::size_t end = begin + 1;
    while (end < versions.size() && versions[end].package == versions[begin].package) ++end;
    for (std::size_t i = begin; i < end; ++i) {
      for (std::size_t j = i + 1; j < end; ++j) {
        pairs.emplace_back(versions[i].version, versions[j].version);
      }
    }
    begin = end;
  }
  return pairs;
}

std::vector<std::string> distinct_versions(const std::vector<PackageVersion>& versions) {
  std::vector<std::string> distinct;
  distinct.reserve(versions.size());
  for (const PackageVersion& entry : versions) distinct.push_back(entry.version);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  return distinct;
}

}  // namespace patchplan::versions::testing
