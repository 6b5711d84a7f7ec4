// linux:systemdunitproperty_object and systemdunitdependency_object probes over the system
// D-Bus (sd-bus). Without a reachable bus the object is an error with oscap's message.
#include <systemd/sd-bus.h>

#include "common/root_fs.hpp"
#include "harden/probes/probe.hpp"

namespace patchplan::harden {

Collected collect_systemd_unit(ProbeContext& context, const ObjectRequest&) {
  constexpr const char* kNoBus = "DBus connection failed, could not identify systemd units.";
  if (!context.fs.is_host_root()) return Collected{Flag::kError, {}, kNoBus};
  sd_bus* bus = nullptr;
  if (sd_bus_open_system(&bus) < 0 || bus == nullptr) return Collected{Flag::kError, {}, kNoBus};
  // A bus object is created lazily; a call proves that systemd answers on it.
  sd_bus_error error = SD_BUS_ERROR_NULL;
  sd_bus_message* reply = nullptr;
  const int called =
      sd_bus_call_method(bus, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                         "org.freedesktop.DBus.Peer", "Ping", &error, &reply, "");
  sd_bus_message_unref(reply);
  sd_bus_error_free(&error);
  sd_bus_unref(bus);
  if (called < 0) return Collected{Flag::kError, {}, kNoBus};
  return Collected{Flag::kNotCollected, {}, "systemd unit properties are not collected yet"};
}

}  // namespace patchplan::harden
