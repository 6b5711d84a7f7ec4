// The OVAL 5.11 evaluator of one document for one run: definitions, criteria, tests, states,
// objects and variables, each evaluated or collected once and cached (tests and objects
// shared by several definitions are probed once).
#pragma once

#include <map>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "harden/oval_document.hpp"
#include "harden/oval_item.hpp"
#include "harden/oval_result.hpp"
#include "harden/probes/probe.hpp"

namespace patchplan::harden {

// External variable values by OVAL variable id (from XCCDF check-export).
using ExternalValues = std::map<std::string, std::vector<std::string>, std::less<>>;

class OvalEngine {
 public:
  OvalEngine(const OvalDocument& document, ProbeContext& probes, ExternalValues externals);

  // The result of definition `id`; unknown definitions are error.
  OvalResult definition(std::string_view id);

  // A test's result, an object's collected items, a variable's values (all cached).
  OvalResult test(std::string_view id);
  const Collected& object(std::string_view id);
  const VariableValues& variable(std::string_view id);

  // Why a test was error or unknown, for the rule's reason ("" when nothing is known).
  [[nodiscard]] std::string reason(std::string_view definition_id);

  // One line saying why definition `id` got its (true or false) result: the criterion that
  // decided it, down to the first test, with the test's comment and what decided the test
  // (object not found, how many items matched the state...). "" for other results.
  [[nodiscard]] std::string explain(std::string_view definition_id);

  [[nodiscard]] const OvalDocument& document() const { return document_; }

 private:
  static constexpr int kMaxCriteriaDepth = 200;
  OvalResult criteria(const pugi::xml_node& node, int depth);
  OvalResult evaluate_test(const pugi::xml_node& node, std::string& detail);
  // The criterion under `node` (criteria or definition) that decided `result`, as text.
  std::string explain_criteria(const pugi::xml_node& node, OvalResult result, int depth);
  OvalResult evaluate_state(const pugi::xml_node& state, const Item& item);
  OvalResult evaluate_state_entity(const pugi::xml_node& entity, const Item& item);
  Collected collect(const pugi::xml_node& node);
  Collected collect_set(const pugi::xml_node& set);
  Collected collect_variable_object(const ObjectRequest& request);
  VariableValues evaluate_variable(const pugi::xml_node& node);
  VariableValues component(const pugi::xml_node& node);
  bool passes_filters(const std::vector<pugi::xml_node>& filters, const Item& item);

  const OvalDocument& document_;
  ProbeContext& probes_;
  ExternalValues externals_;
  std::unordered_map<std::string_view, OvalResult> definitions_;
  std::unordered_map<std::string_view, OvalResult> tests_;
  std::unordered_map<std::string_view, std::string> test_details_;  // why true or false
  std::unordered_map<std::string_view, Collected> objects_;
  std::unordered_map<std::string_view, VariableValues> variables_;
  std::vector<std::string_view> active_;  // definitions being evaluated (cycle guard)
};

}  // namespace patchplan::harden
