// The assessment of one host: its inventory, apt's view of its updates, and the pending
// updates in priority order.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assessment/update_priority.hpp"
#include "common/root_fs.hpp"
#include "inventory/host_inventory.hpp"
#include "updates/update_assessment.hpp"

namespace patchplan::assessment {

struct PendingUpdate {
  const updates::PackageUpdate* update = nullptr;  // points into HostAssessment::updates
  Priority priority;
  bool held = false;  // the package is on hold: apt lists it, but upgrades leave it alone
};

struct HostAssessment {
  inventory::HostInventory host;
  updates::UpdateAssessment updates;
  std::vector<PendingUpdate> pending;  // most urgent tier first, then by name and arch

  HostAssessment() = default;
  HostAssessment(const HostAssessment&) = delete;  // `pending` points into `updates`
  HostAssessment& operator=(const HostAssessment&) = delete;
  HostAssessment(HostAssessment&&) = default;
  HostAssessment& operator=(HostAssessment&&) = default;

  [[nodiscard]] std::size_t security_count() const;
};

struct AssessOptions {
  inventory::InventoryOptions inventory;
};

// Reads the host at `root` and assesses its updates. Errors are those of the inventory
// (no readable dpkg status) and of the apt configuration; warnings of both are kept in
// host.warnings and updates.warnings.
Expected<HostAssessment> assess_host(const RootFs& root, const AssessOptions& options);

}  // namespace patchplan::assessment
