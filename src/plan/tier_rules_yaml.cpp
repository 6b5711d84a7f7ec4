// The policy's tier_rules: the vulnerability ranking table (vulns::RankingPolicy) as data.
#include "plan/tier_rules_yaml.hpp"

#include <initializer_list>

namespace patchplan::plan {
namespace {

using vulns::Exposure;
using vulns::FindingKind;

constexpr std::array<std::pair<std::string_view, Tier>, 3> kTiers = {
    {{"critical", Tier::kCritical}, {"important", Tier::kImportant}, {"minor", Tier::kMinor}}};

template <typename E>
Expected<std::vector<E>> read_enum_list(const YamlSource& source, const YAML::Node& node,
                                        const std::string& path, std::initializer_list<E> values,
                                        std::string_view (*name_of)(E)) {
  auto words = read_strings(source, node, path);
  if (!words) return words.error();
  std::vector<E> out;
  for (const auto& word : *words) {
    bool found = false;
    std::string names;
    for (E value : values) {
      if (name_of(value) == word) {
        out.push_back(value);
        found = true;
      }
      names += fmt::format("{}{}", names.empty() ? "" : ", ", name_of(value));
    }
    if (!found)
      return yaml_error(source, node, path, fmt::format("'{}' is not one of {}", word, names));
  }
  return out;
}

Expected<vulns::RankingRule> read_rule(const YamlSource& source, const YAML::Node& node,
                                       const std::string& path) {
  if (auto s = check_map(source, node, path,
                         {"name", "kev", "urgencies", "min_epss", "min_percentile", "min_cvss",
                          "fix_available", "kinds", "exposures", "tier", "because"});
      !s) {
    return s.error();
  }
  vulns::RankingRule rule;
  if (!node["name"]) return yaml_error(source, node, path, "a rule needs a name");
  if (!node["tier"]) return yaml_error(source, node, path, "a rule needs a tier");
  for (const auto& item : node) {
    const std::string key = item.first.Scalar();
    const std::string at = child_path(path, key);
    const YAML::Node& value = item.second;
    Status status = ok();
    auto take = [&](auto result, auto& target) {
      if (!result) {
        status = result.error();
      } else {
        target = std::move(*result);
      }
    };
    if (key == "name") take(read_scalar(source, value, at), rule.name);
    if (key == "because") take(read_scalar(source, value, at), rule.because);
    if (key == "kev") take(read_bool(source, value, at), rule.kev);
    if (key == "fix_available") take(read_bool(source, value, at), rule.fix_available);
    if (key == "urgencies") take(read_strings(source, value, at), rule.urgencies);
    if (key == "min_epss") take(read_number(source, value, at), rule.min_epss);
    if (key == "min_percentile") take(read_number(source, value, at), rule.min_percentile);
    if (key == "min_cvss") take(read_number(source, value, at), rule.min_cvss);
    if (key == "tier") take(read_choice(source, value, at, kTiers), rule.tier);
    if (key == "kinds") {
      take(read_enum_list(
               source, value, at,
               {FindingKind::kFixedByUpdate, FindingKind::kFixNotAvailable, FindingKind::kNoFixYet,
                FindingKind::kEndOfLife, FindingKind::kUndetermined},
               &vulns::finding_kind_name),
           rule.kinds);
    }
    if (key == "exposures") {
      take(read_enum_list(
               source, value, at,
               {Exposure::kPackage, Exposure::kRunningKernel, Exposure::kRunningKernelUnknown,
                Exposure::kOtherKernel, Exposure::kKernelBuildOrTools},
               &vulns::exposure_name),
           rule.exposures);
    }
    if (!status) return status.error();
  }
  return rule;
}

}  // namespace

Expected<std::vector<vulns::RankingRule>> read_tier_rules(const YamlSource& source,
                                                          const YAML::Node& node,
                                                          const std::string& path) {
  if (!node.IsSequence()) return yaml_error(source, node, path, "expected a list of rules");
  std::vector<vulns::RankingRule> rules;
  for (std::size_t i = 0; i < node.size(); ++i) {
    auto rule = read_rule(source, node[i], fmt::format("{}[{}]", path, i));
    if (!rule) return rule.error();
    rules.push_back(std::move(*rule));
  }
  return rules;
}

Status read_tier_fallback(const YamlSource& source, const YAML::Node& node,
                          vulns::RankingPolicy& policy) {
  if (auto s = check_map(source, node, "tier_fallback", {"tier", "because"}); !s) return s;
  if (node["tier"]) {
    auto tier = read_choice(source, node["tier"], "tier_fallback.tier", kTiers);
    if (!tier) return tier.error();
    policy.fallback = *tier;
  }
  if (node["because"]) {
    auto because = read_scalar(source, node["because"], "tier_fallback.because");
    if (!because) return because.error();
    policy.fallback_because = *because;
  }
  return ok();
}

Expected<Tier> read_tier(const YamlSource& source, const YAML::Node& node, std::string_view path) {
  return read_choice(source, node, path, kTiers);
}

}  // namespace patchplan::plan
