// OVAL value comparison per datatype, following OpenSCAP 1.3.7 oval_cmp.c.
#include "harden/oval_compare.hpp"

#include <strings.h>

#include <cerrno>
#include <charconv>
#include <cinttypes>
#include <cstdlib>
#include <string>
#include <vector>

#include "harden/regex.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::harden {
namespace {

OvalResult from_bool(bool value) { return value ? OvalResult::kTrue : OvalResult::kFalse; }

// strtoimax base 10 over the whole string: leading blanks and a sign accepted, trailing
// characters refused (oval_cmp.c), without copying the text.
bool parse_int(std::string_view text, std::intmax_t& out) {
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r'))) ++i;
  if (i < text.size() && text[i] == '+') ++i;
  if (i >= text.size()) return false;
  const char* begin = text.data() + i;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, out);
  return ec == std::errc() && ptr == end;
}

bool parse_float(std::string_view text, double& out) {
  const std::string copy(text);
  char* end = nullptr;
  out = std::strtod(copy.c_str(), &end);
  return !copy.empty() && end != copy.c_str() && *end == '\0';
}

// "true"/"1" are true, anything else false (oval_cmp.c never fails a boolean).
bool parse_bool(std::string_view text) { return text == "true" || text == "1"; }

template <typename T>
OvalResult ordered(Operation op, T a, T b) {
  switch (op) {
    case Operation::kEquals:
      return from_bool(a == b);
    case Operation::kNotEqual:
      return from_bool(a != b);
    case Operation::kGreaterThan:
      return from_bool(a > b);
    case Operation::kLessThan:
      return from_bool(a < b);
    case Operation::kGreaterOrEqual:
      return from_bool(a >= b);
    case Operation::kLessOrEqual:
      return from_bool(a <= b);
    default:
      return OvalResult::kError;
  }
}

// OVAL "version": components split at non-alphanumeric separators, compared numerically.
int compare_version(std::string_view a, std::string_view b) {
  auto split = [](std::string_view text) {
    std::vector<long long> parts;
    std::size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && (text[i] < '0' || text[i] > '9')) ++i;
      if (i >= text.size()) break;
      long long value = 0;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        value = value * 10 + (text[i] - '0');
        ++i;
      }
      parts.push_back(value);
    }
    return parts;
  };
  const auto pa = split(a);
  const auto pb = split(b);
  for (std::size_t i = 0; i < std::max(pa.size(), pb.size()); ++i) {
    const long long x = i < pa.size() ? pa[i] : 0;
    const long long y = i < pb.size() ? pb[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

OvalResult compare_strings(Operation op, std::string_view a, std::string_view b) {
  switch (op) {
    case Operation::kEquals:
      return from_bool(a == b);
    case Operation::kNotEqual:
      return from_bool(a != b);
    case Operation::kCaseInsensitiveEquals:
    case Operation::kCaseInsensitiveNotEqual: {
      const bool same = a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
      return from_bool(op == Operation::kCaseInsensitiveEquals ? same : !same);
    }
    case Operation::kPatternMatch: {
      auto regex = Regex::cached(b);
      if (!regex) return OvalResult::kError;
      auto found = (*regex)->search(a);
      if (!found) return OvalResult::kError;
      return from_bool(found->has_value());
    }
    default:
      return ordered(op, a, b);
  }
}

OvalResult compare_ints(Operation op, std::string_view a, std::string_view b) {
  std::intmax_t x = 0;
  std::intmax_t y = 0;
  if (!parse_int(a, x) || !parse_int(b, y)) return OvalResult::kError;
  if (op == Operation::kBitwiseAnd) return from_bool((x & y) == y);
  if (op == Operation::kBitwiseOr) return from_bool((x | y) == y);
  return ordered(op, x, y);
}

int compare_evr(Datatype type, std::string_view a, std::string_view b) {
  if (type == Datatype::kDebianEvrString || type == Datatype::kEvrString) {
    // Debian EVR order (dpkg verrevcmp); rpm's rpmvercmp differs only on rare inputs.
    return versions::compare_deb_version_strings(a, b);
  }
  return compare_version(a, b);
}

}  // namespace

Datatype parse_datatype(std::string_view text) {
  if (text.empty() || text == "string") return Datatype::kString;
  if (text == "int") return Datatype::kInt;
  if (text == "boolean") return Datatype::kBoolean;
  if (text == "float") return Datatype::kFloat;
  if (text == "version") return Datatype::kVersion;
  if (text == "evr_string") return Datatype::kEvrString;
  if (text == "debian_evr_string") return Datatype::kDebianEvrString;
  if (text == "binary") return Datatype::kBinary;
  return Datatype::kOther;
}

Operation parse_operation(std::string_view text) {
  if (text.empty() || text == "equals") return Operation::kEquals;
  if (text == "not equal") return Operation::kNotEqual;
  if (text == "case insensitive equals") return Operation::kCaseInsensitiveEquals;
  if (text == "case insensitive not equal") return Operation::kCaseInsensitiveNotEqual;
  if (text == "greater than") return Operation::kGreaterThan;
  if (text == "less than") return Operation::kLessThan;
  if (text == "greater than or equal") return Operation::kGreaterOrEqual;
  if (text == "less than or equal") return Operation::kLessOrEqual;
  if (text == "bitwise and") return Operation::kBitwiseAnd;
  if (text == "bitwise or") return Operation::kBitwiseOr;
  if (text == "pattern match") return Operation::kPatternMatch;
  if (text == "subset of") return Operation::kSubsetOf;
  if (text == "superset of") return Operation::kSupersetOf;
  return Operation::kUnknown;
}

OvalResult compare_values(Operation op, Datatype type, std::string_view actual,
                          std::string_view expected) {
  switch (type) {
    case Datatype::kString:
    case Datatype::kOther:
    case Datatype::kBinary:
      return compare_strings(op, actual, expected);
    case Datatype::kInt:
      return compare_ints(op, actual, expected);
    case Datatype::kBoolean:
      if (op != Operation::kEquals && op != Operation::kNotEqual) return OvalResult::kError;
      return ordered(op, parse_bool(actual), parse_bool(expected));
    case Datatype::kFloat: {
      double x = 0;
      double y = 0;
      if (!parse_float(actual, x) || !parse_float(expected, y)) return OvalResult::kError;
      return ordered(op, x, y);
    }
    case Datatype::kVersion:
    case Datatype::kEvrString:
    case Datatype::kDebianEvrString:
      if (op == Operation::kPatternMatch) return compare_strings(op, actual, expected);
      return ordered(op, compare_evr(type, actual, expected), 0);
  }
  return OvalResult::kError;
}

}  // namespace patchplan::harden
