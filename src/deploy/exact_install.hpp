// What installing exactly a change's pins does to a host, decided in-process when no
// resolver is needed: the pins' new versions together with everything else installed meet
// every Depends, Pre-Depends, Breaks and Conflicts. apt-get install would then install the
// pins and nothing more, so its simulation (a whole cache build, the slowest part of the
// pre-checks) is only run when this check cannot say so.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "deploy/apt_indexes.hpp"
#include "deploy/host_packages.hpp"

namespace patchplan::deploy {

struct ExactInstall {
  // apt-get -s's actions when the pins alone are a consistent change; empty otherwise.
  std::optional<std::vector<SimulatedAction>> actions;
  std::string why_not;  // when `actions` is empty: why apt's resolver has to decide
};

// `installed` is the host's dpkg database ("name:arch"), `new_versions` the index stanzas
// of the pinned versions to install. The check gives up (and so leaves the decision to
// apt) on anything it does not model: a host with packages of a foreign architecture, a
// package not fully installed, a downgrade, a package pinned twice, an installed package
// built from a pin's source but not pinned (apt 2.6 upgrades those along), a Pre-Depends on
// another pin (an order for apt to find), a relation it cannot parse or an architecture
// qualifier other than ":any" or the native one; and on any relation that would be unmet,
// since apt would then add, upgrade or remove packages, or refuse.
ExactInstall exact_install(const std::map<std::string, HostPackage>& installed,
                           const std::vector<IndexVersion>& new_versions,
                           const std::string& native);

}  // namespace patchplan::deploy
