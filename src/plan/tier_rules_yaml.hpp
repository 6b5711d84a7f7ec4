// Reading the policy's tier_rules and tier_fallback into a vulns::RankingPolicy.
#pragma once

#include "plan/policy.hpp"
#include "plan/yaml_fields.hpp"

namespace patchplan::plan {

// The rules of the sequence `node` at key `path` ("tier_rules", or a class's
// "classes.NAME.tier_rules"); errors name "PATH[i].KEY".
Expected<std::vector<vulns::RankingRule>> read_tier_rules(const YamlSource& source,
                                                          const YAML::Node& node,
                                                          const std::string& path);

// Sets the fallback tier and phrase from the map `node` (key "tier_fallback").
Status read_tier_fallback(const YamlSource& source, const YAML::Node& node,
                          vulns::RankingPolicy& policy);

// "critical", "important" or "minor".
Expected<Tier> read_tier(const YamlSource& source, const YAML::Node& node, std::string_view path);

}  // namespace patchplan::plan
