// CVSS v3.0/v3.1 base scores computed from a vector string.
#pragma once

#include <string_view>

#include "common/expected.hpp"

namespace patchplan::feeds {

// The base score (0.0-10.0) of a CVSS v3.x vector such as
// "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", by the equations of the FIRST
// specification (CVSS v3.1 Specification Document, section 7.1 and appendix A for
// Roundup; v3.0 rounds up to one decimal directly). The eight base metrics must each
// appear once; temporal and environmental metrics are accepted and do not change the base
// score. Anything else (another version, an unknown value, a missing or repeated base
// metric) is kInvalidInput naming the vector.
Expected<double> cvss3_base_score(std::string_view vector);

}  // namespace patchplan::feeds
