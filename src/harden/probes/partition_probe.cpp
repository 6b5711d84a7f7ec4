// linux:partition_object probe: mounted file systems from /proc/mounts, one mount_options
// entity per option, space from statvfs, uuid "does not exist" when unknown (OpenSCAP
// partition_probe.c).
#include <sys/statvfs.h>

#include <sstream>

#include "common/root_fs.hpp"
#include "harden/probes/probe.hpp"

namespace patchplan::harden {
namespace {

// /proc/mounts escapes blanks and backslashes as octal (\040, \011, \012, \134).
std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size()) {
      const std::string_view digits = text.substr(i + 1, 3);
      if (digits.size() == 3 && digits.find_first_not_of("01234567") == std::string_view::npos) {
        out +=
            static_cast<char>((digits[0] - '0') * 64 + (digits[1] - '0') * 8 + (digits[2] - '0'));
        i += 3;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace

Collected collect_partition(ProbeContext& context, const ObjectRequest& request) {
  if (!context.fs.is_host_root()) {
    return Collected{Flag::kError, {}, "partition needs the running system (not --root)"};
  }
  auto text = context.fs.read_file("/proc/mounts", 16u << 20);
  if (!text) return Collected{Flag::kError, {}, text.error().message};
  const ObjectEntity* mount_point = request.find("mount_point");
  std::vector<Item> items;
  std::istringstream lines(*text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string device, point, type, options;
    if (!(fields >> device >> point >> type >> options)) continue;
    point = unescape(point);
    if (mount_point != nullptr && !entity_matches(*mount_point, point)) continue;
    Item item;
    item.add("mount_point", point);
    item.add("device", unescape(device));
    item.fields.push_back({"uuid", "", false});
    item.add("fs_type", type);
    std::istringstream split(options);
    std::string option;
    while (std::getline(split, option, ',')) item.add("mount_options", option);
    struct statvfs space {};
    if (::statvfs(point.c_str(), &space) == 0) {
      item.add("total_space", std::to_string(space.f_blocks));
      item.add("space_used", std::to_string(space.f_blocks - space.f_bfree));
      item.add("space_left", std::to_string(space.f_bfree));  // oscap's: reserved included
    }
    if (!request.keep || request.keep(item)) items.push_back(std::move(item));
  }
  Collected out;
  out.items = std::move(items);
  out.flag = out.items.empty() ? Flag::kDoesNotExist : Flag::kComplete;
  return out;
}

}  // namespace patchplan::harden
