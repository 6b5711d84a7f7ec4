// unix:sysctl_object probe: kernel parameters read from /proc/sys ("a.b.c" is
// /proc/sys/a/b/c), value with the trailing newline removed (OpenSCAP sysctl_probe.c).
#include "common/root_fs.hpp"
#include "harden/probes/probe.hpp"

namespace patchplan::harden {
namespace {

std::string to_path(std::string_view name) {
  std::string path = "/proc/sys/";
  for (char c : name) path += (c == '.') ? '/' : (c == '/' ? '.' : c);
  return path;
}

void add_item(const RootFs& fs, const std::string& name, std::vector<Item>& items) {
  auto text = fs.read_file(to_path(name), 1u << 20);
  if (!text) return;
  std::string value = *text;
  while (!value.empty() && value.back() == '\n') value.pop_back();
  Item item;
  item.add("name", name);
  item.add("value", value);
  items.push_back(std::move(item));
}

// Every parameter below `dir` (relative to /proc/sys), as dotted names.
void list_all(const RootFs& fs, const std::string& dir, std::vector<std::string>& names) {
  auto entries = fs.list_dir("/proc/sys/" + dir);
  if (!entries) return;
  for (const std::string& entry : *entries) {
    const std::string child = dir.empty() ? entry : dir + "/" + entry;
    if (fs.open_read("/proc/sys/" + child)) {
      std::string dotted = child;
      for (char& c : dotted) c = c == '/' ? '.' : c;
      names.push_back(dotted);
    } else {
      list_all(fs, child, names);
    }
  }
}

}  // namespace

Collected collect_sysctl(ProbeContext& context, const ObjectRequest& request) {
  if (!context.fs.is_host_root()) {
    return Collected{Flag::kError, {}, "sysctl needs the running system (not --root)"};
  }
  const ObjectEntity* name = request.find("name");
  if (name == nullptr) return Collected{Flag::kError, {}, "no name entity"};
  std::vector<Item> items;
  if (name->operation == Operation::kEquals) {
    for (const std::string& value : name->values) add_item(context.fs, value, items);
  } else {
    std::vector<std::string> names;
    list_all(context.fs, "", names);
    for (const std::string& candidate : names) {
      if (entity_matches(*name, candidate)) add_item(context.fs, candidate, items);
    }
  }
  return finish(std::move(items), request);
}

}  // namespace patchplan::harden
