// linux:dpkginfo_object probe: installed packages from the dpkg status database, "installed"
// as apt's current version (every state but not-installed and config-files, OpenSCAP's
// dpkginfo probe through libapt); evr as epoch:version-release with epoch 0 when absent.
#include "common/root_fs.hpp"
#include "harden/probes/probe.hpp"
#include "inventory/dpkg_status.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::harden {

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
  std::vector<Item> items;
  for (const inventory::InstalledPackage& package : context.dpkg->packages) {
    if (!package.has_current_version() || !entity_matches(*name, package.name)) continue;
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
