// OVAL 5.11 result combination tables (oval-definitions-schema.xsd, "Operator" and "Check"
// enumerations), as implemented by OpenSCAP's ores_get_result_byopr/_bychk.
#include "harden/oval_result.hpp"

namespace patchplan::harden {

std::string_view result_name(OvalResult result) {
  switch (result) {
    case OvalResult::kTrue:
      return "true";
    case OvalResult::kFalse:
      return "false";
    case OvalResult::kUnknown:
      return "unknown";
    case OvalResult::kError:
      return "error";
    case OvalResult::kNotEvaluated:
      return "not evaluated";
    case OvalResult::kNotApplicable:
      return "not applicable";
  }
  return "unknown";
}

Operator parse_operator(std::string_view text) {
  if (text == "OR") return Operator::kOr;
  if (text == "XOR") return Operator::kXor;
  if (text == "ONE") return Operator::kOne;
  return Operator::kAnd;
}

CheckKind parse_check(std::string_view text, CheckKind fallback) {
  if (text == "all") return CheckKind::kAll;
  if (text == "at least one") return CheckKind::kAtLeastOne;
  if (text == "none satisfy" || text == "none exist") return CheckKind::kNoneSatisfy;
  if (text == "only one") return CheckKind::kOnlyOne;
  return fallback;
}

OvalResult negate_result(OvalResult result, bool negate) {
  if (!negate) return result;
  if (result == OvalResult::kTrue) return OvalResult::kFalse;
  if (result == OvalResult::kFalse) return OvalResult::kTrue;
  return result;
}

void ResultCounts::add(OvalResult result) {
  switch (result) {
    case OvalResult::kTrue:
      ++t;
      break;
    case OvalResult::kFalse:
      ++f;
      break;
    case OvalResult::kUnknown:
      ++u;
      break;
    case OvalResult::kError:
      ++e;
      break;
    case OvalResult::kNotEvaluated:
      ++ne;
      break;
    case OvalResult::kNotApplicable:
      ++na;
      break;
  }
}

namespace {

// The undecided tail shared by every table: error, then unknown, then not evaluated.
OvalResult undecided(const ResultCounts& c) {
  if (c.e > 0) return OvalResult::kError;
  if (c.u > 0) return OvalResult::kUnknown;
  if (c.ne > 0) return OvalResult::kNotEvaluated;
  return OvalResult::kUnknown;
}

}  // namespace

OvalResult combine(Operator op, const ResultCounts& c) {
  if (c.total() == 0) return OvalResult::kUnknown;
  if (c.total() == c.na) return OvalResult::kNotApplicable;
  const bool clean = c.e == 0 && c.u == 0 && c.ne == 0;
  switch (op) {
    case Operator::kAnd:
      if (c.f > 0) return OvalResult::kFalse;
      if (clean) return OvalResult::kTrue;
      return undecided(c);
    case Operator::kOr:
      if (c.t > 0) return OvalResult::kTrue;
      if (clean) return OvalResult::kFalse;
      return undecided(c);
    case Operator::kXor:
      if (clean) return (c.t % 2 == 1) ? OvalResult::kTrue : OvalResult::kFalse;
      return undecided(c);
    case Operator::kOne:
      if (c.t >= 2) return OvalResult::kFalse;
      if (clean) return c.t == 1 ? OvalResult::kTrue : OvalResult::kFalse;
      return undecided(c);
  }
  return OvalResult::kUnknown;
}

OvalResult combine(CheckKind check, const ResultCounts& c) {
  switch (check) {
    case CheckKind::kAll:
      return combine(Operator::kAnd, c);
    case CheckKind::kAtLeastOne:
      return combine(Operator::kOr, c);
    case CheckKind::kOnlyOne:
      return combine(Operator::kOne, c);
    case CheckKind::kNoneSatisfy: {
      if (c.total() == 0) return OvalResult::kUnknown;
      if (c.total() == c.na) return OvalResult::kNotApplicable;
      if (c.t > 0) return OvalResult::kFalse;
      if (c.e == 0 && c.u == 0 && c.ne == 0) return OvalResult::kTrue;
      return undecided(c);
    }
  }
  return OvalResult::kUnknown;
}

}  // namespace patchplan::harden
