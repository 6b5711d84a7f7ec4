// linux:systemdunitproperty_object and systemdunitdependency_object probes over the system
// D-Bus (sd-bus; DBUS_SYSTEM_BUS_ADDRESS is honoured). As OpenSCAP's probes
// (systemdunitproperty_probe.c, systemdunitdependency_probe.c, systemdshared.h):
// - the units are those the manager has loaded (Manager.ListUnits), each matched against
//   the object's unit entity; a unit whose LoadUnit fails ends the listing there;
// - a property item per matching property of the org.freedesktop.systemd1.Unit interface
//   (Properties.GetAll): an array gives one value entity per element (an empty array, no
//   item), a nested array its elements joined by ", ", a structure nothing; a byte is its
//   character, a boolean "true"/"false";
// - a dependency item per matching unit: for a target, every unit it Requires then Wants,
//   recursing into the targets among them (as `systemctl list-dependencies`), repeats kept;
//   a unit that is not a target has none.
// Without a reachable bus, or on an offline root, the object is an error with oscap's text.
#include <systemd/sd-bus.h>

#include <memory>
#include <optional>

#include "common/root_fs.hpp"
#include "harden/probes/probe.hpp"

namespace patchplan::harden {
namespace {

constexpr const char* kNoBus = "DBus connection failed, could not identify systemd units.";
constexpr const char* kService = "org.freedesktop.systemd1";
constexpr const char* kUnitInterface = "org.freedesktop.systemd1.Unit";

struct BusDeleter {
  void operator()(sd_bus* bus) const { sd_bus_flush_close_unref(bus); }
};
struct MessageDeleter {
  void operator()(sd_bus_message* message) const { sd_bus_message_unref(message); }
};
using Bus = std::unique_ptr<sd_bus, BusDeleter>;
using Message = std::unique_ptr<sd_bus_message, MessageDeleter>;

// A method call's reply, or null when the call failed.
template <typename... Args>
Message call(sd_bus* bus, const char* path, const char* interface, const char* member,
             const char* signature, Args... args) {
  sd_bus_error error = SD_BUS_ERROR_NULL;
  sd_bus_message* reply = nullptr;
  const int called = sd_bus_call_method(bus, kService, path, interface, member, &error, &reply,
                                        signature, args...);
  sd_bus_error_free(&error);
  if (called < 0) return nullptr;
  return Message(reply);
}

Bus connect() {
  sd_bus* bus = nullptr;
  if (sd_bus_open_system(&bus) < 0 || bus == nullptr) return nullptr;
  Bus owned(bus);
  // Opening is lazy: a call proves that systemd answers.
  if (!call(bus, "/org/freedesktop/systemd1", "org.freedesktop.DBus.Peer", "Ping", "")) {
    return nullptr;
  }
  return owned;
}

// Manager.ListUnits: the name (first field) of every loaded unit, in the manager's order.
std::vector<std::string> list_units(sd_bus* bus, bool& ok) {
  std::vector<std::string> names;
  Message reply =
      call(bus, "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager", "ListUnits", "");
  ok = reply != nullptr;
  if (!ok) return names;
  sd_bus_message* m = reply.get();
  if (sd_bus_message_enter_container(m, 'a', "(ssssssouso)") < 0) {
    ok = false;
    return names;
  }
  while (sd_bus_message_enter_container(m, 'r', "ssssssouso") > 0) {
    const char* name = nullptr;
    if (sd_bus_message_read_basic(m, 's', &name) < 0 || name == nullptr) break;
    names.emplace_back(name);
    sd_bus_message_skip(m, "sssssouso");
    sd_bus_message_exit_container(m);
  }
  return names;
}

// Manager.LoadUnit: the unit's object path, or "" when it cannot be had.
std::string unit_path(sd_bus* bus, const std::string& unit) {
  Message reply = call(bus, "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager",
                       "LoadUnit", "s", unit.c_str());
  const char* path = nullptr;
  if (!reply || sd_bus_message_read_basic(reply.get(), 'o', &path) < 0 || path == nullptr) {
    return "";
  }
  return path;
}

// A basic value as text; false when the next value is not basic.
bool read_basic(sd_bus_message* m, char type, std::string& text) {
  union {
    uint8_t byte;
    int boolean;
    int16_t i16;
    uint16_t u16;
    int32_t i32;
    uint32_t u32;
    int64_t i64;
    uint64_t u64;
    double real;
    const char* string;
    int fd;
  } value{};
  if (sd_bus_message_read_basic(m, type, &value) < 0) return false;
  switch (type) {
    case 'y':
      text = std::string(1, static_cast<char>(value.byte));
      return true;
    case 'b':
      text = value.boolean ? "true" : "false";
      return true;
    case 'n':
      text = std::to_string(value.i16);
      return true;
    case 'q':
      text = std::to_string(value.u16);
      return true;
    case 'i':
      text = std::to_string(value.i32);
      return true;
    case 'u':
      text = std::to_string(value.u32);
      return true;
    case 'x':
      text = std::to_string(value.i64);
      return true;
    case 't':
      text = std::to_string(value.u64);
      return true;
    case 'd':
      text = fmt::format("{}", value.real);
      return true;
    case 'h':
      text = std::to_string(value.fd);
      return true;
    case 's':
    case 'o':
    case 'g':
      text = value.string == nullptr ? "" : value.string;
      return true;
    default:
      return false;
  }
}

// The next value as oscap's dbus_value_to_string gives it: basic values as text, arrays as
// their elements joined by ", " (nullopt when empty), anything else nullopt (skipped).
std::optional<std::string> value_text(sd_bus_message* m) {
  char type = 0;
  const char* contents = nullptr;
  if (sd_bus_message_peek_type(m, &type, &contents) <= 0) return std::nullopt;
  if (type == 'a') {
    if (sd_bus_message_enter_container(m, 'a', contents) < 0) return std::nullopt;
    std::optional<std::string> joined;
    while (sd_bus_message_at_end(m, false) == 0) {
      auto element = value_text(m);
      if (element) joined = joined ? *joined + ", " + *element : *element;
    }
    sd_bus_message_exit_container(m);
    return joined;
  }
  std::string text;
  if (read_basic(m, type, text)) return text;
  // A structure, variant or dict entry: skipped, as oscap gives no text for it.
  const std::string signature = contents == nullptr ? std::string(1, type)
                                : type == 'r'       ? "(" + std::string(contents) + ")"
                                : type == 'e'       ? "{" + std::string(contents) + "}"
                                                    : std::string(1, type);
  sd_bus_message_skip(m, signature.c_str());
  return std::nullopt;
}

// The values of the property the message is positioned at (inside its variant): one per
// element for an array, else one.
std::vector<std::string> property_values(sd_bus_message* m) {
  std::vector<std::string> values;
  char type = 0;
  const char* contents = nullptr;
  if (sd_bus_message_peek_type(m, &type, &contents) <= 0) return values;
  if (type == 'a') {
    if (sd_bus_message_enter_container(m, 'a', contents) < 0) return values;
    while (sd_bus_message_at_end(m, false) == 0) {
      if (auto element = value_text(m)) values.push_back(std::move(*element));
    }
    sd_bus_message_exit_container(m);
    return values;
  }
  if (auto value = value_text(m)) values.push_back(std::move(*value));
  return values;
}

// Items for the properties of `unit` (at `path`) that match the property entity.
void collect_properties(sd_bus* bus, const std::string& unit, const std::string& path,
                        const ObjectEntity& property, std::vector<Item>& items) {
  Message reply =
      call(bus, path.c_str(), "org.freedesktop.DBus.Properties", "GetAll", "s", kUnitInterface);
  if (!reply) return;
  sd_bus_message* m = reply.get();
  if (sd_bus_message_enter_container(m, 'a', "{sv}") < 0) return;
  while (sd_bus_message_enter_container(m, 'e', "sv") > 0) {
    const char* name = nullptr;
    if (sd_bus_message_read_basic(m, 's', &name) < 0 || name == nullptr) return;
    char type = 0;
    const char* contents = nullptr;
    if (sd_bus_message_peek_type(m, &type, &contents) <= 0 || type != 'v' ||
        sd_bus_message_enter_container(m, 'v', contents) < 0) {
      return;
    }
    std::vector<std::string> values = property_values(m);
    sd_bus_message_exit_container(m);  // the variant
    sd_bus_message_exit_container(m);  // the dict entry
    if (values.empty() || !entity_matches(property, name)) continue;
    Item item;
    item.add("unit", unit);
    item.add("property", name);
    for (std::string& value : values) item.add("value", std::move(value));
    items.push_back(std::move(item));
  }
}

bool is_target(std::string_view unit) { return unit.ends_with(".target"); }

// The units a property of type "as" (Requires, Wants) names.
std::vector<std::string> unit_list(sd_bus* bus, const std::string& path, const char* property) {
  std::vector<std::string> units;
  sd_bus_error error = SD_BUS_ERROR_NULL;
  sd_bus_message* reply = nullptr;
  const int got = sd_bus_get_property(bus, kService, path.c_str(), kUnitInterface, property, &error,
                                      &reply, "as");
  sd_bus_error_free(&error);
  if (got < 0) return units;
  Message owned(reply);
  if (sd_bus_message_enter_container(reply, 'a', "s") < 0) return units;
  const char* name = nullptr;
  while (sd_bus_message_read_basic(reply, 's', &name) > 0) {
    if (name != nullptr && *name != '\0') units.emplace_back(name);
  }
  return units;
}

// Every dependency of `unit`, depth first, Requires before Wants, recursing into targets.
// `depth` bounds a cycle that a hand-made unit set could create (oscap would not return).
void add_dependencies(sd_bus* bus, const std::string& unit, Item& item, int depth) {
  if (!is_target(unit) || depth > 64) return;
  const std::string path = unit_path(bus, unit);
  for (const char* property : {"Requires", "Wants"}) {
    for (const std::string& dependency : unit_list(bus, path, property)) {
      item.add("dependency", dependency);
      add_dependencies(bus, dependency, item, depth + 1);
    }
  }
}

}  // namespace

Collected collect_systemd_unit(ProbeContext& context, const ObjectRequest& request) {
  if (!context.fs.is_host_root()) return Collected{Flag::kError, {}, kNoBus};
  Bus bus = connect();
  if (!bus) return Collected{Flag::kError, {}, kNoBus};
  const ObjectEntity* unit = request.find("unit");
  if (unit == nullptr) return Collected{Flag::kError, {}, "no unit entity"};
  const bool properties = request.type == "systemdunitproperty_object";
  const ObjectEntity* property = request.find("property");
  if (properties && property == nullptr) return Collected{Flag::kError, {}, "no property entity"};

  bool listed = false;
  const std::vector<std::string> units = list_units(bus.get(), listed);
  if (!listed) return Collected{Flag::kError, {}, kNoBus};
  std::vector<Item> items;
  for (const std::string& name : units) {
    if (!entity_matches(*unit, name)) continue;
    if (properties) {
      const std::string path = unit_path(bus.get(), name);
      if (path.empty()) break;  // oscap stops listing at a unit it cannot load
      collect_properties(bus.get(), name, path, *property, items);
    } else {
      Item item;
      item.add("unit", name);
      add_dependencies(bus.get(), name, item, 0);
      items.push_back(std::move(item));
    }
  }
  return finish(std::move(items), request);
}

}  // namespace patchplan::harden
