// The hosts file: each host's address, class, tags, time zone, ring and overrides.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/expected.hpp"
#include "plan/policy.hpp"

namespace patchplan::plan {

// Per-host exceptions to its class and the policy's package rules.
struct HostOverrides {
  std::vector<std::string> exclude;
  std::vector<std::string> hold;
  std::vector<std::string> release;
  std::vector<std::string> require_approval;
  std::optional<std::vector<std::string>> windows;  // replaces the class's windows
  std::optional<Criticality> criticality;
  std::optional<RebootPolicy> reboot;
};

struct HostEntry {
  std::string name;
  std::string address;      // for the fleet transport; not used by the planner
  std::string asset_class;  // "" = the policy's default class
  std::vector<std::string> tags;
  std::string timezone;  // "" = the policy's zone
  std::string ring;      // "" = by the rings' membership rules
  HostOverrides overrides;
  SourceLocation where;
};

struct HostsFile {
  std::string file;
  std::vector<HostEntry> hosts;  // in file order, names unique

  // The entry named `name`, or nullptr: a hash lookup (the planner asks once per host of
  // a fleet of thousands). Entries appended since the last call are indexed first; the
  // index starts over when entries were removed.
  [[nodiscard]] const HostEntry* find(std::string_view name) const;

 private:
  mutable std::unordered_map<std::string, std::size_t> index_;
  mutable std::size_t indexed_ = 0;  // hosts[0, indexed_) are in index_
};

// Parses a hosts file ("hosts:" and a list of entries). Unknown keys, duplicate names,
// unknown time zones and contradictory override holds are errors naming file, line, key.
Expected<HostsFile> parse_hosts(const std::string& text, std::string_view file);
Expected<HostsFile> load_hosts_file(const std::string& path);

// Checks the hosts against `policy`: classes and rings they name exist, and every ring
// that selects by tag or name selects at least one host ("ring 'pilot' references no host").
Status check_hosts_against_policy(const HostsFile& hosts, const Policy& policy);

}  // namespace patchplan::plan
