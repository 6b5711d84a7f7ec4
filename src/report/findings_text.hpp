// The human form of the vulnerability findings of `patchplan assess`.
#pragma once

#include <string>

#include "report/findings_view.hpp"
#include "report/terminal.hpp"

namespace patchplan::report {

// A header naming the feeds and their ages; one line per update that fixes findings
// (package, versions, how many vulnerabilities, the worst tier, KEV marks, stale feeds);
// the unfixed vulnerabilities by id; the end-of-life, undetermined and unknown-origin
// counts with a hint; the feed warnings. Without any advisory feed it says that nothing
// was assessed instead of listing zero findings.
std::string findings_text(const FindingsView& view, const Terminal& terminal);

}  // namespace patchplan::report
