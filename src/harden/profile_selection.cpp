// Profile selection and value binding (XCCDF 1.2; OpenSCAP xccdf_policy_resolve_item).
#include "harden/profile_selection.hpp"

#include <sstream>

namespace patchplan::harden {

std::string_view profile_short_name(std::string_view id) {
  constexpr std::string_view kMarker = "_profile_";
  const std::size_t at = id.rfind(kMarker);
  return at == std::string_view::npos ? id : id.substr(at + kMarker.size());
}

Expected<const Profile*> find_profile(const Benchmark& benchmark, std::string_view name) {
  if (name.empty()) return static_cast<const Profile*>(nullptr);
  const Profile* found = nullptr;
  for (const Profile& profile : benchmark.profiles) {
    if (profile.id == name) return &profile;
  }
  for (const Profile& profile : benchmark.profiles) {
    if (profile_short_name(profile.id) != name) continue;
    if (found != nullptr) {
      return make_error(ErrorCode::kUsage, "profile '{}' is ambiguous: '{}' and '{}'", name,
                        found->id, profile.id);
    }
    found = &profile;
  }
  if (found != nullptr) return found;
  std::string names;
  for (const Profile& profile : benchmark.profiles) {
    names += names.empty() ? "" : ", ";
    names += profile_short_name(profile.id);
  }
  return make_error(ErrorCode::kNotFound, "no profile '{}' in benchmark '{}' (profiles: {})", name,
                    benchmark.id, names);
}

Selection select_rules(const Benchmark& benchmark, const Profile* profile) {
  std::vector<bool> groups(benchmark.groups.size());
  std::vector<bool> rules(benchmark.rules.size());
  for (std::size_t i = 0; i < groups.size(); ++i) groups[i] = benchmark.groups[i].selected;
  for (std::size_t i = 0; i < rules.size(); ++i) rules[i] = benchmark.rules[i].selected;
  if (profile != nullptr) {
    for (const auto& [idref, selected] : profile->selects) {
      if (auto it = benchmark.rule_index.find(idref); it != benchmark.rule_index.end()) {
        rules[it->second] = selected;
      } else if (auto g = benchmark.group_index.find(idref); g != benchmark.group_index.end()) {
        groups[g->second] = selected;
      }
    }
  }
  // An unselected ancestor Group unselects everything below it.
  auto chain_selected = [&](int parent) {
    for (int g = parent; g >= 0; g = benchmark.groups[static_cast<std::size_t>(g)].parent) {
      if (!groups[static_cast<std::size_t>(g)]) return false;
    }
    return true;
  };
  Selection selection;
  selection.rules.resize(rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    selection.rules[i] = rules[i] && chain_selected(benchmark.rules[i].parent);
  }
  auto is_selected = [&](const std::string& id) {
    if (auto it = benchmark.rule_index.find(id); it != benchmark.rule_index.end()) {
      return static_cast<bool>(selection.rules[it->second]);
    }
    if (auto g = benchmark.group_index.find(id); g != benchmark.group_index.end()) {
      return groups[g->second] && chain_selected(benchmark.groups[g->second].parent);
    }
    return false;
  };
  // requires: each element lists alternatives, one of which must be selected; conflicts:
  // none may be selected. Decided on the selection before either is applied.
  std::vector<bool> final_rules = selection.rules;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (!selection.rules[i]) continue;
    const Rule& rule = benchmark.rules[i];
    for (const std::string& requirement : rule.requires_) {
      std::istringstream alternatives(requirement);
      std::string id;
      bool any = false;
      while (alternatives >> id) any = any || is_selected(id);
      if (!any) final_rules[i] = false;
    }
    for (const std::string& conflict : rule.conflicts) {
      if (is_selected(conflict)) final_rules[i] = false;
    }
  }
  selection.rules = std::move(final_rules);
  return selection;
}

std::optional<std::string> bound_value(const Benchmark& benchmark, const Profile* profile,
                                       std::string_view value_id) {
  auto it = benchmark.value_index.find(std::string(value_id));
  if (it == benchmark.value_index.end()) return std::nullopt;
  const Value& value = benchmark.values[it->second];
  if (profile != nullptr) {
    if (auto set = profile->set_values.find(value.id); set != profile->set_values.end()) {
      return set->second;
    }
    if (auto refine = profile->refine_values.find(value.id);
        refine != profile->refine_values.end()) {
      auto selected = value.by_selector.find(refine->second);
      if (selected == value.by_selector.end()) return std::nullopt;
      return selected->second;
    }
  }
  return value.default_value;
}

}  // namespace patchplan::harden
