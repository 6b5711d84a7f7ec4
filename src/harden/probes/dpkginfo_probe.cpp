// linux:dpkginfo_object probe: installed packages from the dpkg status database, "installed"
// as apt's current version (every state but not-installed and config-files, OpenSCAP's
// dpkginfo probe through libapt), of the native architecture or "all" (libapt's lookup of a
// bare name); evr as epoch:version-release with epoch 0 when absent.
#include <sys/utsname.h>

#include "common/root_fs.hpp"
#include "harden/probes/probe.hpp"
#include "inventory/architectures.hpp"
#include "inventory/dpkg_status.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::harden {
namespace {

// What libapt calls the native architecture: the installed dpkg package's, else its own, this
// machine's (oscap's probe under OSCAP_PROBE_ROOT uses its libapt's); "" when unknown.
std::string apt_native_architecture(const std::vector<inventory::InstalledPackage>& packages) {
  for (const inventory::InstalledPackage& package : packages) {
    if (package.name == "dpkg" && package.has_current_version() && package.architecture != "all" &&
        !package.architecture.empty()) {
      return package.architecture;
    }
  }
  utsname names{};
  if (::uname(&names) != 0) return "";
  return inventory::debian_architecture_of_machine(names.machine).value_or("");
}

}  // namespace

Collected collect_dpkginfo(ProbeContext& context, const ObjectRequest& request) {
  if (!context.dpkg && context.dpkg_error.empty()) {
    auto db = inventory::read_dpkg_status(context.fs);
    if (db) {
      context.dpkg = std::make_shared<const inventory::StatusDatabase>(std::move(*db));
    } else {
      context.dpkg_error = db.error().message;
    }
  }
  if (!context.dpkg) return Collected{Flag::kError, {}, context.dpkg_error};
  const ObjectEntity* name = request.find("name");
  if (name == nullptr) return Collected{Flag::kError, {}, "no name entity"};
  const std::string native = apt_native_architecture(context.dpkg->packages);
  std::vector<Item> items;
  for (const inventory::InstalledPackage& package : context.dpkg->packages) {
    if (!package.has_current_version() || !entity_matches(*name, package.name)) continue;
    // libapt looks a bare name up in the native architecture ("all" packages belong to it):
    // a Multi-Arch package installed for several architectures is one item, a package
    // installed only for a foreign architecture none.
    if (!native.empty() && package.architecture != native && package.architecture != "all") {
      continue;
    }
    auto version = versions::parse_deb_version(package.version);
    if (!version) continue;
    Item item;
    item.add("name", package.name);
    item.add("arch", package.architecture);
    item.add("epoch", std::to_string(version->epoch));
    item.add("release", version->revision);
    item.add("version", version->upstream);
    item.add("evr", fmt::format("{}:{}{}{}", version->epoch, version->upstream,
                                version->revision.empty() ? "" : "-", version->revision));
    items.push_back(std::move(item));
  }
  return finish(std::move(items), request);
}

// No rpm database on a Debian host: oscap 1.3.7 (built with librpm) finds no rpm
// configuration there and flags the object "not applicable", so the test is not applicable.
Collected collect_rpminfo(ProbeContext&, const ObjectRequest&) {
  return Collected{Flag::kNotApplicable, {}, "no rpm database on this system"};
}

}  // namespace patchplan::harden
