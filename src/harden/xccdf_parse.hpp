// Parsing the XCCDF 1.2 Benchmark and CPE 2.3 dictionary elements into the compact model.
#pragma once

#include <pugixml.hpp>

#include "common/expected.hpp"
#include "harden/xccdf_model.hpp"

namespace patchplan::harden {

// Reads an xccdf:Benchmark element (profiles, groups, rules, values, platform-specification).
Expected<Benchmark> parse_benchmark(const pugi::xml_node& benchmark);

// Adds the items of a cpe-list element (CPE name -> OVAL check) to `benchmark`.
void parse_cpe_dictionary(const pugi::xml_node& cpe_list, Benchmark& benchmark);

}  // namespace patchplan::harden
