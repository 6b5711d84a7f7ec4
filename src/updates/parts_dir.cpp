// apt's GetListOfFilesInDir(Dir, Ext, SortList, AllowNoExt) for files inside a root.
#include "updates/parts_dir.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>

namespace patchplan::updates {
namespace {

bool is_name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == ':' || c == '.';
}

// Dir::Ignore-Files-Silently of apt 2.6: "~$", "\.disabled$", "\.bak$", "\.dpkg-[a-z]+$",
// "\.ucf-[a-z]+$", "\.save$", "\.orig$", "\.distUpgrade$".
bool is_silently_ignored(std::string_view name) {
  if (name.ends_with('~')) return true;
  for (std::string_view suffix : {".disabled", ".bak", ".save", ".orig", ".distUpgrade"}) {
    if (name.ends_with(suffix)) return true;
  }
  for (std::string_view infix : {".dpkg-", ".ucf-"}) {
    std::size_t at = name.rfind(infix);
    if (at == std::string_view::npos) continue;
    std::string_view rest = name.substr(at + infix.size());
    if (!rest.empty() &&
        std::all_of(rest.begin(), rest.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
      return true;
    }
  }
  return false;
}

std::string join_path(std::string_view dir, std::string_view name) {
  std::string path(dir);
  if (!path.empty() && path.back() != '/') path.push_back('/');
  path.append(name);
  return path;
}

}  // namespace

PartName classify_part_name(std::string_view name, const std::vector<std::string>& extensions,
                            bool allow_no_extension) {
  if (name.empty() || name.front() == '.') return PartName::kHidden;
  std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) {
    if (!allow_no_extension) return PartName::kNoExtension;
  } else {
    // flExtension: the text after the last '.'; "" stands for "no extension" in apt's list.
    std::string_view extension = name.substr(dot + 1);
    bool listed = std::find(extensions.begin(), extensions.end(), extension) != extensions.end();
    if (!listed && !(extension.empty() && allow_no_extension)) return PartName::kBadExtension;
  }
  if (!std::all_of(name.begin(), name.end(), is_name_character)) return PartName::kBadCharacter;
  if (name.back() == '.') return PartName::kBadCharacter;
  return PartName::kAccepted;
}

bool is_regular_file(const RootFs& root, std::string_view path) {
  auto fd = root.open_read(path);
  if (!fd) return false;
  struct stat st {};
  return ::fstat(fd->get(), &st) == 0 && S_ISREG(st.st_mode);
}

Expected<PartFiles> list_part_files(const RootFs& root, std::string_view dir,
                                    const std::vector<std::string>& extensions,
                                    bool allow_no_extension) {
  auto names = root.list_dir(dir);
  if (!names) return names.error();

  PartFiles files;
  for (const std::string& name : *names) {
    if (name.front() == '.') continue;
    std::string path = join_path(dir, name);
    if (!is_regular_file(root, path)) {
      bool is_directory = static_cast<bool>(root.list_dir(path));
      if (!is_directory && !is_silently_ignored(name)) {
        files.notices.push_back(
            fmt::format("ignoring '{}' in directory '{}' as it is not a regular file", name,
                        root.display_path(dir)));
      }
      continue;
    }
    PartName verdict = classify_part_name(name, extensions, allow_no_extension);
    if ((verdict == PartName::kBadExtension || verdict == PartName::kNoExtension) &&
        !is_silently_ignored(name)) {
      files.notices.push_back(fmt::format(
          "ignoring file '{}' in directory '{}' as it has {}", name, root.display_path(dir),
          verdict == PartName::kNoExtension ? "no filename extension"
                                            : "an invalid filename extension"));
    }
    if (verdict == PartName::kAccepted) files.paths.push_back(std::move(path));
  }
  std::sort(files.paths.begin(), files.paths.end());
  return files;
}

}  // namespace patchplan::updates
