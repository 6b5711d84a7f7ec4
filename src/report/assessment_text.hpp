// The human form of `patchplan assess`.
#pragma once

#include <string>

#include "report/assessment_view.hpp"
#include "report/terminal.hpp"

namespace patchplan::report {

// The host block, a table of pending updates (most urgent first), the vulnerability
// findings (findings_text) when assessed, the changes since the previous snapshot, and the summary
// line "N pending, M security, oldest pending since D".
std::string assessment_text(const AssessmentView& view, const Terminal& terminal);

}  // namespace patchplan::report
