// A target's dpkg database read in-process through the transport: the status file with
// the pending journal entries of <admindir>/updates/ applied, as dpkg-query sees it.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/expected.hpp"
#include "deploy/host_packages.hpp"
#include "deploy/transport.hpp"
#include "inventory/dpkg_status.hpp"

namespace patchplan::deploy {

struct DpkgDatabase {
  // Every package as inventory reads it, journal applied, in status-file order (the form
  // updates::assess_updates takes).
  inventory::StatusDatabase status;
  std::map<std::string, HostPackage> packages;  // the same packages keyed "name:arch"
};

// Reads /var/lib/dpkg/status of the target, then each journal file of /var/lib/dpkg/updates
// whose name is all digits, in name order, each stanza replacing the package's earlier one:
// what dpkg's modstatdb_open does in read-only mode (lib/dpkg/dbmodify.c cleanupdates), so a
// dpkg killed mid-run is seen as dpkg-query would show it. Malformed stanzas are skipped
// with warnings in `status.warnings`; errors are for a status file that cannot be read.
Expected<DpkgDatabase> read_dpkg_database(Transport& transport);

// A file of <admindir>/updates/ that dpkg integrates into its database: a name of digits
// (dpkg's journal entries; apt's debSystem::CheckUpdates looks for the same).
bool is_journal_file_name(std::string_view name);

// The target's dpkg native architecture without running dpkg: the Architecture of its
// installed dpkg package, else (a tree without dpkg, driven by this machine's dpkg with
// --root) the architecture this machine's dpkg was built for, from uname(2).
Expected<std::string> native_architecture_of(Transport& transport, const DpkgDatabase& database);

}  // namespace patchplan::deploy
