// XCCDF profile resolution: which rules a profile selects (select with Group propagation,
// then requires and conflicts) and the values it binds (refine-value, set-value), following
// XCCDF 1.2 sections 6.2.8 and 6.5.4 and OpenSCAP's xccdf_policy.c.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "harden/xccdf_model.hpp"

namespace patchplan::harden {

// The profile whose id is `name` or ends with "_profile_" + `name` ("standard"); nullptr
// with an empty name selects the benchmark defaults. Errors: no such profile (the message
// lists the available short names) or an ambiguous suffix.
Expected<const Profile*> find_profile(const Benchmark& benchmark, std::string_view name);

// The short name of a profile id ("xccdf_org.ssgproject.content_profile_standard" -> "standard").
std::string_view profile_short_name(std::string_view id);

struct Selection {
  std::vector<bool> rules;  // by Benchmark::rules index
};

Selection select_rules(const Benchmark& benchmark, const Profile* profile);

// The value of Value `value_id` under `profile`: set-value, else the refine-value selector,
// else the default. nullopt: unknown Value or a selector the Value does not have.
std::optional<std::string> bound_value(const Benchmark& benchmark, const Profile* profile,
                                       std::string_view value_id);

}  // namespace patchplan::harden
