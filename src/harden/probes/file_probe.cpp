// unix:file_object probe (OVAL 5.11 unix-definitions, file_item): lstat data of the designated
// files; symlinks are items of their own (OpenSCAP file_probe.c).
#include <sys/stat.h>

#include "harden/probes/file_paths.hpp"

namespace patchplan::harden {
namespace {

std::string_view file_type(std::uint32_t mode) {
  if (S_ISREG(mode)) return "regular";
  if (S_ISDIR(mode)) return "directory";
  if (S_ISLNK(mode)) return "symbolic link";
  if (S_ISBLK(mode)) return "block special";
  if (S_ISCHR(mode)) return "character special";
  if (S_ISFIFO(mode)) return "fifo";
  if (S_ISSOCK(mode)) return "socket";
  return "unknown";
}

const char* flag(std::uint32_t mode, std::uint32_t bit) { return (mode & bit) ? "true" : "false"; }

}  // namespace

Item file_item(const FoundFile& found) {
  Item item;
  item.fields.reserve(22);
  if (!found.filename.empty()) item.add("filepath", join_path(found.path, found.filename));
  item.add("path", found.path);
  item.add("filename", found.filename);
  const std::uint32_t mode = found.st.mode;
  item.add("type", std::string(file_type(mode)));
  item.add("group_id", std::to_string(found.st.gid));
  item.add("user_id", std::to_string(found.st.uid));
  if (found.st.complete) {
    item.add("a_time", std::to_string(found.st.atime));
    item.add("c_time", std::to_string(found.st.ctime));
    item.add("m_time", std::to_string(found.st.mtime));
    item.add("size", std::to_string(found.st.size));
  }
  item.add("suid", flag(mode, S_ISUID));
  item.add("sgid", flag(mode, S_ISGID));
  item.add("sticky", flag(mode, S_ISVTX));
  item.add("uread", flag(mode, S_IRUSR));
  item.add("uwrite", flag(mode, S_IWUSR));
  item.add("uexec", flag(mode, S_IXUSR));
  item.add("gread", flag(mode, S_IRGRP));
  item.add("gwrite", flag(mode, S_IWGRP));
  item.add("gexec", flag(mode, S_IXGRP));
  item.add("oread", flag(mode, S_IROTH));
  item.add("owrite", flag(mode, S_IWOTH));
  item.add("oexec", flag(mode, S_IXOTH));
  return item;
}

Collected collect_file(ProbeContext& context, const ObjectRequest& request) {
  Collected out;
  const Status found = find_files(context, request, [&](const FoundFile& file) {
    Item item = file_item(file);
    if (!request.keep || request.keep(item)) out.items.push_back(std::move(item));
  });
  if (!found) return Collected{Flag::kError, {}, found.error().message};
  out.flag = out.items.empty() ? Flag::kDoesNotExist : Flag::kComplete;
  return out;
}

}  // namespace patchplan::harden
