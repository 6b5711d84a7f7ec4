// The interface between the OVAL engine and the probes: an object's entities with their
// values resolved (variables expanded), and what each probe collects for it.
#pragma once

#include <fmt/format.h>

#include <functional>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "harden/oval_item.hpp"
#include "harden/oval_result.hpp"

namespace patchplan {
class RootFs;
}
namespace patchplan::inventory {
struct StatusDatabase;
}

namespace patchplan::harden {

class FileTreeCache;

// One entity of an object with its values: the element text, or every value of its var_ref.
struct ObjectEntity {
  std::string name;
  Operation operation = Operation::kEquals;
  Datatype datatype = Datatype::kString;
  std::vector<std::string> values;
  bool nil = false;  // xsi:nil="true"
  // How a value must compare with several variable values (OVAL 5.11 var_check; "all" by
  // default).
  CheckKind var_check = CheckKind::kAll;
};

// What a probe is asked to collect.
struct ObjectRequest {
  std::string_view type;  // "textfilecontent54_object", ...
  std::vector<ObjectEntity> entities;
  pugi::xml_node behaviors;
  // Decides whether an item survives the object's filters (applied while collecting).
  std::function<bool(const Item&)> keep;

  [[nodiscard]] const ObjectEntity* find(std::string_view name) const {
    for (const ObjectEntity& entity : entities) {
      if (entity.name == name) return &entity;
    }
    return nullptr;
  }
};

// What probes share during one run: the root, the cached file-system walks, and host
// databases read once (dpkg status).
struct ProbeContext {
  const RootFs& fs;
  FileTreeCache& trees;
  std::shared_ptr<const inventory::StatusDatabase> dpkg;  // read on first use
  std::string dpkg_error;                                 // why it could not be read
};

// True if `value` matches the entity under its operation, its values combined by var_check.
bool entity_matches(const ObjectEntity& entity, std::string_view value);

// Collects an object whose type has a probe. Unknown types are flag "not collected".
Collected collect_object(ProbeContext& context, const ObjectRequest& request);

// Collectors, one per probe (probes/<name>_probe.cpp).
Collected collect_textfilecontent54(ProbeContext& context, const ObjectRequest& request);
Collected collect_file(ProbeContext& context, const ObjectRequest& request);
Collected collect_dpkginfo(ProbeContext& context, const ObjectRequest& request);
Collected collect_rpminfo(ProbeContext& context, const ObjectRequest& request);
Collected collect_family(ProbeContext& context, const ObjectRequest& request);
Collected collect_uname(ProbeContext& context, const ObjectRequest& request);
Collected collect_sysctl(ProbeContext& context, const ObjectRequest& request);
Collected collect_partition(ProbeContext& context, const ObjectRequest& request);
Collected collect_systemd_unit(ProbeContext& context, const ObjectRequest& request);
Collected collect_shadow(ProbeContext& context, const ObjectRequest& request);
Collected collect_password(ProbeContext& context, const ObjectRequest& request);
Collected collect_environmentvariable58(ProbeContext& context, const ObjectRequest& request);
Collected collect_selinuxboolean(ProbeContext& context, const ObjectRequest& request);

// Items kept after filters, with the flag that follows: complete when any, else
// "does not exist".
Collected finish(std::vector<Item> items, const ObjectRequest& request);

}  // namespace patchplan::harden
