// Reading the policy's tier_rules and tier_fallback into a vulns::RankingPolicy.
#pragma once

#include "plan/policy.hpp"
#include "plan/yaml_fields.hpp"

namespace patchplan::plan {

// Replaces policy.rules with the rules of the sequence `node` (key "tier_rules").
Status read_tier_rules(const YamlSource& source, const YAML::Node& node,
                       vulns::RankingPolicy& policy);

// Sets the fallback tier and phrase from the map `node` (key "tier_fallback").
Status read_tier_fallback(const YamlSource& source, const YAML::Node& node,
                          vulns::RankingPolicy& policy);

// "critical", "important" or "minor".
Expected<Tier> read_tier(const YamlSource& source, const YAML::Node& node, std::string_view path);

}  // namespace patchplan::plan
