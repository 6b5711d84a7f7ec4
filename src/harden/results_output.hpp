// An evaluation as text (one line per selected rule, then score and counts, as `oscap xccdf
// eval` summarises it) and as a JSON document.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "harden/xccdf_evaluator.hpp"

namespace patchplan::harden {

// Selected rules only (notselected rules are left out, as oscap's stdout does).
std::string evaluation_text(const Evaluation& evaluation);

// {"benchmark", "profile", "score", "max_score", "counts": {result: n}, "rules": [{"id",
// "result", "severity", "title", "reason"?}]}; notselected rules are left out. "reason": the
// message of an error, unknown or notchecked result, or a fail's (or message-less error's)
// one-line explanation. A multi-check rule has one entry per OVAL definition, each with its
// "definition".
nlohmann::json evaluation_json(const Evaluation& evaluation);

// The profiles of a benchmark: id, short name, title, and how many rules each selects.
std::string profiles_text(const Benchmark& benchmark);
nlohmann::json profiles_json(const Benchmark& benchmark);

}  // namespace patchplan::harden
