// The CVSS v3 base equations (FIRST CVSS v3.1 Specification Document, 7.1 and 7.4).
#include "feeds/cvss.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>

namespace patchplan::feeds {
namespace {

struct Metric {
  std::string_view name;
  std::string_view values;  // the letters it accepts
};

// The base metrics, in the order of the specification's vector string (section 6).
constexpr std::array<Metric, 8> kBase = {{
    {"AV", "NALP"},
    {"AC", "LH"},
    {"PR", "NLH"},
    {"UI", "NR"},
    {"S", "UC"},
    {"C", "HLN"},
    {"I", "HLN"},
    {"A", "HLN"},
}};

// Temporal and environmental metrics (sections 3 and 4): accepted, not scored.
constexpr std::array<std::string_view, 14> kOther = {"E",   "RL",  "RC",  "CR", "IR", "AR", "MAV",
                                                     "MAC", "MPR", "MUI", "MS", "MC", "MI", "MA"};

// Section 7.4: the numerical values of the metrics.
double weight(std::string_view metric, char value, bool scope_changed) {
  if (metric == "AV") return value == 'N' ? 0.85 : value == 'A' ? 0.62 : value == 'L' ? 0.55 : 0.2;
  if (metric == "AC") return value == 'L' ? 0.77 : 0.44;
  if (metric == "PR") {
    if (value == 'N') return 0.85;
    if (value == 'L') return scope_changed ? 0.68 : 0.62;
    return scope_changed ? 0.5 : 0.27;
  }
  if (metric == "UI") return value == 'N' ? 0.85 : 0.62;
  return value == 'H' ? 0.56 : value == 'L' ? 0.22 : 0.0;  // C, I, A
}

// Appendix A of v3.1: the smallest one-decimal number >= x, computed on integers so that
// floating-point noise (4.000000000000001) does not round up.
double roundup_31(double x) {
  const auto scaled = static_cast<std::int64_t>(std::llround(x * 100000.0));
  if (scaled % 10000 == 0) return static_cast<double>(scaled) / 100000.0;
  return static_cast<double>(scaled / 10000 + 1) / 10.0;
}

// v3.0, section 7.1: "Round up" to one decimal place.
double roundup_30(double x) { return std::ceil(x * 10.0) / 10.0; }

Error bad_vector(std::string_view vector, std::string_view why) {
  return make_error(ErrorCode::kInvalidInput, "CVSS vector '{}': {}", vector, why);
}

}  // namespace

Expected<double> cvss3_base_score(std::string_view vector) {
  bool v31 = false;
  if (vector.starts_with("CVSS:3.1/")) {
    v31 = true;
  } else if (!vector.starts_with("CVSS:3.0/")) {
    return bad_vector(vector, "not a CVSS v3.0 or v3.1 vector");
  }
  if (vector.ends_with('/')) return bad_vector(vector, "ends with '/'");
  std::array<std::optional<char>, kBase.size()> values;
  std::string_view rest = vector.substr(9);
  while (!rest.empty()) {
    const std::size_t end = std::min(rest.find('/'), rest.size());
    const std::string_view part = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    const std::size_t colon = part.find(':');
    if (colon == std::string_view::npos || colon + 2 != part.size()) {
      return bad_vector(vector, fmt::format("'{}' is not METRIC:VALUE", part));
    }
    const std::string_view name = part.substr(0, colon);
    const char value = part[colon + 1];
    const auto base = std::find_if(kBase.begin(), kBase.end(),
                                   [&](const Metric& metric) { return metric.name == name; });
    if (base == kBase.end()) {
      if (std::find(kOther.begin(), kOther.end(), name) != kOther.end()) continue;
      return bad_vector(vector, fmt::format("unknown metric '{}'", name));
    }
    auto& slot = values[static_cast<std::size_t>(base - kBase.begin())];
    if (slot) return bad_vector(vector, fmt::format("metric '{}' given twice", name));
    if (base->values.find(value) == std::string_view::npos) {
      return bad_vector(vector, fmt::format("'{}' is not a value of metric '{}'", value, name));
    }
    slot = value;
  }
  for (std::size_t i = 0; i < kBase.size(); ++i) {
    if (!values[i])
      return bad_vector(vector, fmt::format("base metric '{}' missing", kBase[i].name));
  }

  const bool changed = *values[4] == 'C';
  auto w = [&](std::size_t i) { return weight(kBase[i].name, *values[i], changed); };
  const double iss = 1.0 - (1.0 - w(5)) * (1.0 - w(6)) * (1.0 - w(7));
  const double impact =
      changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double exploitability = 8.22 * w(0) * w(1) * w(2) * w(3);
  if (impact <= 0) return 0.0;
  const double sum = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
  return v31 ? roundup_31(std::min(sum, 10.0)) : roundup_30(std::min(sum, 10.0));
}

}  // namespace patchplan::feeds
