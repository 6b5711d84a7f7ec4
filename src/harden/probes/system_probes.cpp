// Probes of the running system that read no configuration files: family, uname,
// environmentvariable58 (the evaluator's own environment, as oscap with a nil pid) and
// selinuxboolean (an error without SELinux, as oscap's probe).
#include <sys/utsname.h>
#include <unistd.h>

#include "common/root_fs.hpp"
#include "harden/probes/probe.hpp"

extern char** environ;

namespace patchplan::harden {

Collected collect_family(ProbeContext&, const ObjectRequest& request) {
  Item item;
  item.add("family", "unix");
  return finish({item}, request);
}

Collected collect_uname(ProbeContext& context, const ObjectRequest& request) {
  if (!context.fs.is_host_root()) {
    return Collected{Flag::kError, {}, "uname needs the running system (not --root)"};
  }
  struct utsname names {};
  if (::uname(&names) != 0) return Collected{Flag::kError, {}, "uname failed"};
  Item item;
  item.add("machine_class", names.machine);
  item.add("node_name", names.nodename);
  item.add("os_name", names.sysname);
  item.add("os_release", names.release);
  item.add("os_version", names.version);
  item.add("processor_type", names.machine);
  return finish({item}, request);
}

Collected collect_environmentvariable58(ProbeContext&, const ObjectRequest& request) {
  const ObjectEntity* name = request.find("name");
  std::vector<Item> items;
  const std::string pid = std::to_string(::getpid());
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text = *entry;
    const std::size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string key(text.substr(0, equals));
    if (name != nullptr && !entity_matches(*name, key)) continue;
    Item item;
    item.add("pid", pid);
    item.add("name", key);
    item.add("value", std::string(text.substr(equals + 1)));
    items.push_back(std::move(item));
  }
  return finish(std::move(items), request);
}

Collected collect_selinuxboolean(ProbeContext& context, const ObjectRequest&) {
  if (!context.fs.exists("/sys/fs/selinux/booleans")) {
    return Collected{Flag::kError, {}, "selinux is not enabled on this system"};
  }
  return Collected{Flag::kNotCollected, {}, "selinux booleans are not collected"};
}

}  // namespace patchplan::harden
