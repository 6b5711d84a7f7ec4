// XCCDF applicability: an item's <platform> elements through the CPE applicability language
// (platform-specification logical tests with check-fact-ref) and the CPE dictionary
// (fact-ref and plain CPE names), cached per platform for the run.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "harden/oval_result.hpp"
#include "harden/xccdf_model.hpp"

namespace patchplan::harden {

// Evaluates an OVAL definition of the document a href names.
using DefinitionEvaluator = std::function<OvalResult(std::string_view href, std::string_view id)>;

class Applicability {
 public:
  Applicability(const Benchmark& benchmark, DefinitionEvaluator evaluate)
      : benchmark_(benchmark), evaluate_(std::move(evaluate)) {}

  // True if the item has no platform or any of them applies (oscap's
  // xccdf_policy_model_item_is_applicable). A check counts only when its definition is true.
  bool applies(const std::vector<std::string>& platforms);

  // The platform that made `platforms` not applicable (the first one), for messages.
  static std::string_view first(const std::vector<std::string>& platforms) {
    return platforms.empty() ? std::string_view() : std::string_view(platforms.front());
  }

 private:
  bool platform(const std::string& idref);
  bool logical_test(const LogicalTest& test);
  bool cpe_name(const std::string& name);

  const Benchmark& benchmark_;
  DefinitionEvaluator evaluate_;
  std::unordered_map<std::string, bool> cache_;
};

}  // namespace patchplan::harden
