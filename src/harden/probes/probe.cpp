// Dispatch from an OVAL object type to its probe, and the matching helpers probes share.
#include "harden/probes/probe.hpp"

namespace patchplan::harden {

bool entity_matches(const ObjectEntity& entity, std::string_view value) {
  ResultCounts counts;
  for (const std::string& expected : entity.values) {
    counts.add(compare_values(entity.operation, entity.datatype, value, expected));
  }
  return combine(entity.var_check, counts) == OvalResult::kTrue;
}

Collected finish(std::vector<Item> items, const ObjectRequest& request) {
  Collected out;
  for (Item& item : items) {
    if (!request.keep || request.keep(item)) out.items.push_back(std::move(item));
  }
  out.flag = out.items.empty() ? Flag::kDoesNotExist : Flag::kComplete;
  return out;
}

std::string_view flag_name(Flag flag) {
  switch (flag) {
    case Flag::kComplete:
      return "complete";
    case Flag::kIncomplete:
      return "incomplete";
    case Flag::kDoesNotExist:
      return "does not exist";
    case Flag::kError:
      return "error";
    case Flag::kNotCollected:
      return "not collected";
    case Flag::kNotApplicable:
      return "not applicable";
  }
  return "error";
}

Collected collect_object(ProbeContext& context, const ObjectRequest& request) {
  using Collector = Collected (*)(ProbeContext&, const ObjectRequest&);
  struct Entry {
    std::string_view type;
    Collector collector;
  };
  static constexpr Entry kProbes[] = {
      {"textfilecontent54_object", collect_textfilecontent54},
      {"file_object", collect_file},
      {"dpkginfo_object", collect_dpkginfo},
      {"rpminfo_object", collect_rpminfo},
      {"family_object", collect_family},
      {"uname_object", collect_uname},
      {"sysctl_object", collect_sysctl},
      {"partition_object", collect_partition},
      {"systemdunitproperty_object", collect_systemd_unit},
      {"systemdunitdependency_object", collect_systemd_unit},
      {"shadow_object", collect_shadow},
      {"password_object", collect_password},
      {"environmentvariable58_object", collect_environmentvariable58},
      {"selinuxboolean_object", collect_selinuxboolean},
  };
  for (const Entry& entry : kProbes) {
    if (entry.type == request.type) return entry.collector(context, request);
  }
  return Collected{Flag::kNotCollected, {}, fmt::format("no probe for '{}'", request.type)};
}

}  // namespace patchplan::harden
