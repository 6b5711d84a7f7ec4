// Remediation plans: the shell fixes (urn:xccdf:fix:script:sh) that the content carries for
// failing rules, with <sub idref> replaced by the profile's bound Value (XCCDF 1.2 section
// 6.4.4.3). Only listed here; fix_sandbox.hpp and remediation_run.hpp run them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harden/xccdf_evaluator.hpp"

namespace patchplan::harden {

struct PlannedFix {
  const Rule* rule = nullptr;
  std::string script;   // empty when the rule carries no shell fix
  std::string refusal;  // why the fix must not run (a Value that would leave its quotes)
};

// One entry per failing rule, in document order. Every <sub> of the SSG content's shell fixes
// sits between single quotes (var='<sub/>'): a value is put there verbatim, as oscap does,
// but a value with a single quote (which would end the quoting and run as shell code), or
// one with a shell metacharacter in a <sub> not enclosed in single quotes, refuses the fix.
std::vector<PlannedFix> remediation_plan(const Benchmark& benchmark, const Profile* profile,
                                         const Evaluation& evaluation);

// True if `rule` is one of `names` (full ids or the short name after "_rule_"), or if
// `names` is empty.
bool rule_selected_by(const Rule& rule, const std::vector<std::string>& names);

// The plan as text: per rule a header line and its script.
std::string remediation_text(const std::vector<PlannedFix>& plan);

// The plan as a JSON array: per rule {"rule", "title", "script" (null: no shell fix),
// "refused" (null, or why the fix would not run)}.
nlohmann::json remediation_json(const std::vector<PlannedFix>& plan);

}  // namespace patchplan::harden
