// OVAL value comparison per datatype, following OpenSCAP 1.3.7 oval_cmp.c.
#include "harden/oval_compare.hpp"

#include <strings.h>

#include <cerrno>
#include <charconv>
#include <cinttypes>
#include <cstdlib>
#include <optional>
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
      // OVAL 5.11 defines no order on strings; oscap: "Invalid type of operation in string
      // evaluation".
      return OvalResult::kError;
  }
}

// binary (hex digits): equals and not equal only, regardless of the case of the digits.
OvalResult compare_binary(Operation op, std::string_view a, std::string_view b) {
  if (op != Operation::kEquals && op != Operation::kNotEqual) return OvalResult::kError;
  const bool same = a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
  return from_bool(op == Operation::kEquals ? same : !same);
}

OvalResult compare_ints(Operation op, std::string_view a, std::string_view b) {
  std::intmax_t x = 0;
  std::intmax_t y = 0;
  if (!parse_int(a, x) || !parse_int(b, y)) return OvalResult::kError;
  if (op == Operation::kBitwiseAnd) return from_bool((x & y) == y);
  if (op == Operation::kBitwiseOr) return from_bool((x | y) == y);
  return ordered(op, x, y);
}

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// rpm's version comparison (rpmvercmp of rpm 4.x, which oscap's evr_string comparison calls):
// alternating numeric and alphabetic segments, other characters only separate them; numeric
// segments compare as numbers and sort after alphabetic ones; '~' sorts before anything, even
// the end, '^' after the end but before anything else.
int rpm_version_compare(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() || j < b.size()) {
    while (i < a.size() && !is_alnum(a[i]) && a[i] != '~' && a[i] != '^') ++i;
    while (j < b.size() && !is_alnum(b[j]) && b[j] != '~' && b[j] != '^') ++j;
    const char x = i < a.size() ? a[i] : '\0';
    const char y = j < b.size() ? b[j] : '\0';
    if (x == '~' || y == '~') {
      if (x != '~') return 1;
      if (y != '~') return -1;
      ++i;
      ++j;
      continue;
    }
    if (x == '^' || y == '^') {
      if (x == '\0') return -1;
      if (y == '\0') return 1;
      if (x != '^') return 1;
      if (y != '^') return -1;
      ++i;
      ++j;
      continue;
    }
    if (x == '\0' || y == '\0') break;
    const bool numeric = is_digit(x);
    auto segment = [numeric](std::string_view text, std::size_t& pos) {
      const std::size_t start = pos;
      while (pos < text.size() &&
             (numeric ? is_digit(text[pos]) : (is_alnum(text[pos]) && !is_digit(text[pos])))) {
        ++pos;
      }
      return text.substr(start, pos - start);
    };
    std::string_view first = segment(a, i);
    std::string_view second = segment(b, j);
    if (second.empty()) return numeric ? 1 : -1;  // a numeric segment is newer than an alpha one
    if (numeric) {
      while (first.size() > 1 && first[0] == '0') first.remove_prefix(1);
      while (second.size() > 1 && second[0] == '0') second.remove_prefix(1);
      if (first.size() != second.size()) return first.size() > second.size() ? 1 : -1;
    }
    const int order = first.compare(second);
    if (order != 0) return order < 0 ? -1 : 1;
  }
  const bool a_left = i < a.size();
  const bool b_left = j < b.size();
  if (!a_left && !b_left) return 0;
  return a_left ? 1 : -1;
}

// rpm EVR "[epoch:]version[-release]" as oscap splits it (rpm's parseEVR): the epoch only
// when leading digits end in ':' ("" is 0), the release after the last '-'. A missing epoch
// or release sorts before any (rpm's labelCompare), then rpmvercmp on each part in turn.
int compare_rpm_evr(std::string_view a, std::string_view b) {
  struct Evr {
    std::optional<std::string_view> epoch;
    std::string_view version;
    std::optional<std::string_view> release;
  };
  auto split = [](std::string_view text) {
    Evr evr;
    std::size_t digits = 0;
    while (digits < text.size() && is_digit(text[digits])) ++digits;
    std::size_t version_start = 0;
    if (digits < text.size() && text[digits] == ':') {
      evr.epoch = digits == 0 ? std::string_view("0") : text.substr(0, digits);
      version_start = digits + 1;
    }
    std::size_t version_end = text.size();
    const std::size_t dash = text.rfind('-');
    if (dash != std::string_view::npos && dash >= digits) {
      evr.release = text.substr(dash + 1);
      version_end = dash;
    }
    evr.version = text.substr(version_start, version_end - std::min(version_start, version_end));
    return evr;
  };
  auto compare = [](const std::optional<std::string_view>& x,
                    const std::optional<std::string_view>& y) {
    if (!x || !y) return x ? 1 : (y ? -1 : 0);
    return rpm_version_compare(*x, *y);
  };
  const Evr x = split(a);
  const Evr y = split(b);
  if (int order = compare(x.epoch, y.epoch); order != 0) return order;
  if (int order = rpm_version_compare(x.version, y.version); order != 0) return order;
  return compare(x.release, y.release);
}

int compare_evr(Datatype type, std::string_view a, std::string_view b) {
  if (type == Datatype::kDebianEvrString) return versions::compare_deb_version_strings(a, b);
  if (type == Datatype::kEvrString) return compare_rpm_evr(a, b);
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
      return compare_strings(op, actual, expected);
    case Datatype::kOther:
      if (op == Operation::kEquals || op == Operation::kNotEqual ||
          op == Operation::kPatternMatch || op == Operation::kCaseInsensitiveEquals ||
          op == Operation::kCaseInsensitiveNotEqual) {
        return compare_strings(op, actual, expected);
      }
      return ordered(op, actual, expected);
    case Datatype::kBinary:
      return compare_binary(op, actual, expected);
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
      // Ordered comparisons only: oscap 1.3.7 gives error for pattern match and the case
      // insensitive operations on versions (OVAL 5.11 lists none of them for these types).
      return ordered(op, compare_evr(type, actual, expected), 0);
  }
  return OvalResult::kError;
}

}  // namespace patchplan::harden
