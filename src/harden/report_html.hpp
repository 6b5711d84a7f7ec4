// A self-contained HTML report of an evaluation (no scripts, no external resources).
#pragma once

#include <string>

#include "harden/xccdf_evaluator.hpp"

namespace patchplan::harden {

// The report: title, score, counts, then one table row per selected rule.
std::string evaluation_html(const Benchmark& benchmark, const Evaluation& evaluation);

}  // namespace patchplan::harden
