// Probes of the running system that read no configuration files: family, uname,
// environmentvariable58 (the evaluator's own environment, as oscap with a nil pid; an error
// under --root) and
// selinuxboolean (selinuxfs booleans; an error without SELinux, as oscap's probe).
#include <sys/utsname.h>
#include <unistd.h>

#include <sstream>

#include "common/deb822.hpp"
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

Collected collect_environmentvariable58(ProbeContext& context, const ObjectRequest& request) {
  // Under --root this process's environment says nothing of the root's system (oscap's probe
  // fails there: "Operation not permitted", the definition unknown, no results written).
  if (!context.fs.is_host_root()) {
    return Collected{
        Flag::kError, {}, "environmentvariable58 needs the running system (not --root)"};
  }
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

// selinuxfs keeps one file per boolean, /sys/fs/selinux/booleans/NAME, holding "CURRENT
// PENDING" (0 or 1 each), which libselinux's security_get_boolean_active and _pending (what
// oscap's probe calls) read.
Collected collect_selinuxboolean(ProbeContext& context, const ObjectRequest& request) {
  constexpr std::string_view kBooleans = "/sys/fs/selinux/booleans";
  if (!context.fs.exists(kBooleans)) {
    return Collected{Flag::kError, {}, "selinux is not enabled on this system"};
  }
  auto names = context.fs.list_dir(kBooleans);
  if (!names) return Collected{Flag::kError, {}, names.error().message};
  const ObjectEntity* name = request.find("name");
  std::vector<Item> items;
  for (const std::string& entry : *names) {
    if (name != nullptr && !entity_matches(*name, entry)) continue;
    const std::string path = fmt::format("{}/{}", kBooleans, entry);
    auto text = context.fs.read_file(path, 64);
    if (!text) return Collected{Flag::kError, {}, text.error().message};
    std::istringstream fields(*text);
    int current = -1;
    int pending = -1;
    fields >> current >> pending;
    if (!fields || current < 0 || current > 1 || pending < 0 || pending > 1) {
      return Collected{Flag::kError,
                       {},
                       fmt::format("malformed selinux boolean '{}': '{}'",
                                   context.fs.display_path(path), trim(*text))};
    }
    Item item;
    item.add("name", entry);
    item.add("current_status", current == 1 ? "true" : "false");
    item.add("pending_status", pending == 1 ? "true" : "false");
    items.push_back(std::move(item));
  }
  return finish(std::move(items), request);
}

}  // namespace patchplan::harden
