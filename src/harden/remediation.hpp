// Remediation plans: the shell fixes (urn:xccdf:fix:script:sh) that the content carries for
// failing rules, with <sub idref> replaced by the profile's bound Value (XCCDF 1.2 section
// 6.4.4.3). Only listed here; nothing is run.
#pragma once

#include <string>
#include <vector>

#include "harden/xccdf_evaluator.hpp"

namespace patchplan::harden {

struct PlannedFix {
  const Rule* rule = nullptr;
  std::string script;  // empty when the rule carries no shell fix
};

// One entry per failing rule, in document order.
std::vector<PlannedFix> remediation_plan(const Benchmark& benchmark, const Profile* profile,
                                         const Evaluation& evaluation);

// The plan as text: per rule a header line and its script.
std::string remediation_text(const std::vector<PlannedFix>& plan);

}  // namespace patchplan::harden
