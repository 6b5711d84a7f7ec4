// assess_host: inventory, then apt's candidates, then priorities.
#include "assessment/host_assessment.hpp"

#include <algorithm>
#include <tuple>

namespace patchplan::assessment {

std::size_t HostAssessment::security_count() const {
  return static_cast<std::size_t>(std::count_if(
      pending.begin(), pending.end(), [](const PendingUpdate& p) { return p.update->security; }));
}

Expected<HostAssessment> assess_host(const RootFs& root, const AssessOptions& options) {
  auto host = inventory::read_host_inventory(root, options.inventory);
  if (!host) return host.error();

  inventory::StatusDatabase status{host->packages, {}};
  updates::UpdateOptions update_options;
  update_options.native_architecture = host->native_architecture;
  auto updates = updates::assess_updates(root, status, update_options);
  if (!updates) return updates.error();

  HostAssessment result;
  result.host = std::move(*host);
  result.updates = std::move(*updates);

  std::vector<const inventory::InstalledPackage*> held;
  for (const auto& package : result.host.packages) {
    if (package.selection == inventory::Selection::kHold) held.push_back(&package);
  }
  for (const updates::PackageUpdate* update : result.updates.upgradable()) {
    bool is_held = std::any_of(held.begin(), held.end(), [&](const auto* package) {
      return package->name == update->name && package->architecture == update->architecture;
    });
    result.pending.push_back({update, prioritise(*update), is_held});
  }
  std::stable_sort(result.pending.begin(), result.pending.end(),
                   [](const PendingUpdate& a, const PendingUpdate& b) {
                     return std::tie(a.priority.tier, a.update->name, a.update->architecture) <
                            std::tie(b.priority.tier, b.update->name, b.update->architecture);
                   });
  return result;
}

}  // namespace patchplan::assessment
