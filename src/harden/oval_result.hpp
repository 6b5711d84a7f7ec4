// OVAL result values and the operator/check combination tables of OVAL 5.11
// (oval-definitions-schema, OperatorEnumeration and CheckEnumeration truth tables).
#pragma once

#include <string_view>

namespace patchplan::harden {

enum class OvalResult { kTrue, kFalse, kUnknown, kError, kNotEvaluated, kNotApplicable };

enum class Operator { kAnd, kOr, kXor, kOne };
enum class CheckKind { kAll, kAtLeastOne, kNoneSatisfy, kOnlyOne };

std::string_view result_name(OvalResult result);

// "AND", "OR", "XOR", "ONE"; anything else (and absence) is AND.
Operator parse_operator(std::string_view text);
// "all", "at least one", "none satisfy" (and the deprecated "none exist"), "only one".
CheckKind parse_check(std::string_view text, CheckKind fallback = CheckKind::kAll);

// negate flips true and false only; error, unknown... stay as they are.
OvalResult negate_result(OvalResult result, bool negate);

// Counts of each result among the inputs of a combination.
struct ResultCounts {
  int t = 0, f = 0, u = 0, e = 0, ne = 0, na = 0;
  void add(OvalResult result);
  [[nodiscard]] int total() const { return t + f + u + e + ne + na; }
};

// Combination by operator: no inputs give unknown, only not-applicable inputs give
// not applicable, otherwise not-applicable inputs are ignored.
OvalResult combine(Operator op, const ResultCounts& counts);
OvalResult combine(CheckKind check, const ResultCounts& counts);

}  // namespace patchplan::harden
