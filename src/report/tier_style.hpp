// The colour of a priority tier in human output.
#pragma once

#include "assessment/update_priority.hpp"
#include "report/terminal.hpp"

namespace patchplan::report {

// critical red, important yellow, minor plain.
Style tier_style(assessment::Tier tier);

}  // namespace patchplan::report
