// Comparison of one OVAL entity value with another under an operation and a datatype
// (OVAL 5.11 oval-common-schema, OperationEnumeration and DatatypeEnumeration), with
// OpenSCAP's conversions (oval_cmp.c).
#pragma once

#include <string_view>

#include "harden/oval_result.hpp"

namespace patchplan::harden {

enum class Datatype {
  kString,
  kInt,
  kBoolean,
  kFloat,
  kVersion,
  kEvrString,
  kDebianEvrString,
  kBinary,
  kOther
};

enum class Operation {
  kEquals,
  kNotEqual,
  kCaseInsensitiveEquals,
  kCaseInsensitiveNotEqual,
  kGreaterThan,
  kLessThan,
  kGreaterOrEqual,
  kLessOrEqual,
  kBitwiseAnd,
  kBitwiseOr,
  kPatternMatch,
  kSubsetOf,
  kSupersetOf,
  kUnknown
};

// Attribute text to enum; absence means "string" and "equals".
Datatype parse_datatype(std::string_view text);
Operation parse_operation(std::string_view text);

// The result of `actual OP expected` (actual: the collected item's value; expected: the
// state's or object's value). true/false, or error when a value does not convert
// (int "12 " is an error, as oscap's strtoimax must consume the whole string) or the
// operation does not apply to the datatype.
OvalResult compare_values(Operation op, Datatype type, std::string_view actual,
                          std::string_view expected);

}  // namespace patchplan::harden
