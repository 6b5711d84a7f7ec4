// CPE applicability (CPE 2.3 applicability language, NISTIR 7698; OpenSCAP cpelang.c):
// logical tests short-circuit, negate after combining, unknown platforms do not apply.
#include "harden/applicability.hpp"

namespace patchplan::harden {

bool Applicability::applies(const std::vector<std::string>& platforms) {
  if (platforms.empty()) return true;
  for (const std::string& idref : platforms) {
    if (platform(idref)) return true;
  }
  return false;
}

bool Applicability::platform(const std::string& idref) {
  if (auto it = cache_.find(idref); it != cache_.end()) return it->second;
  const std::string id = idref.starts_with('#') ? idref.substr(1) : idref;
  bool result = false;
  if (auto spec = benchmark_.platform_specs.find(id); spec != benchmark_.platform_specs.end()) {
    result = logical_test(spec->second);
  } else {
    result = cpe_name(idref);
  }
  cache_.emplace(idref, result);
  return result;
}

bool Applicability::cpe_name(const std::string& name) {
  auto it = benchmark_.cpe_dictionary.find(name);
  if (it == benchmark_.cpe_dictionary.end()) return false;
  return evaluate_(it->second.href, it->second.definition) == OvalResult::kTrue;
}

bool Applicability::logical_test(const LogicalTest& test) {
  bool result = test.is_and;
  auto term = [&](bool value) {
    if (test.is_and && !value) result = false;
    if (!test.is_and && value) result = true;
    return test.is_and ? !value : value;  // true: decided, stop
  };
  bool decided = false;
  for (const auto& [href, id] : test.checks) {
    if (decided) break;
    decided = term(evaluate_(href, id) == OvalResult::kTrue);
  }
  for (const std::string& name : test.fact_refs) {
    if (decided) break;
    decided = term(cpe_name(name));
  }
  for (const LogicalTest& child : test.tests) {
    if (decided) break;
    decided = term(logical_test(child));
  }
  if (test.checks.empty() && test.fact_refs.empty() && test.tests.empty()) result = false;
  return test.negate ? !result : result;
}

}  // namespace patchplan::harden
