// OVAL definitions, criteria, tests and states (OVAL 5.11 specification section 5.3), with
// OpenSCAP 1.3.7's result rules (oval_resultTest.c, oval_resultCriteriaNode.c).
#include "harden/oval_engine.hpp"

#include <algorithm>

#include "harden/xml_load.hpp"

namespace patchplan::harden {
namespace {

enum class Existence { kAllExist, kAnyExist, kAtLeastOneExists, kNoneExist, kOnlyOneExists };

Existence parse_existence(std::string_view text) {
  if (text == "all_exist") return Existence::kAllExist;
  if (text == "any_exist") return Existence::kAnyExist;
  if (text == "none_exist") return Existence::kNoneExist;
  if (text == "only_one_exists") return Existence::kOnlyOneExists;
  return Existence::kAtLeastOneExists;
}

bool attribute_true(const pugi::xml_node& node, const char* name) {
  std::string_view value = node.attribute(name).value();
  return value == "true" || value == "1";
}

}  // namespace

OvalEngine::OvalEngine(const OvalDocument& document, ProbeContext& probes, ExternalValues externals)
    : document_(document), probes_(probes), externals_(std::move(externals)) {}

OvalResult OvalEngine::definition(std::string_view id) {
  if (auto it = definitions_.find(id); it != definitions_.end()) return it->second;
  const pugi::xml_node node = document_.definition(id);
  if (!node || std::find(active_.begin(), active_.end(), id) != active_.end()) {
    return OvalResult::kError;  // unknown id or a definition that extends itself
  }
  active_.push_back(id);
  const pugi::xml_node top = child(node, "criteria");
  const OvalResult result =
      top ? criteria(top, static_cast<int>(active_.size())) : OvalResult::kUnknown;
  active_.pop_back();
  definitions_.emplace(node.attribute("id").value(), result);
  return result;
}

// No short-circuit: every criterion is evaluated, as oscap does (its results files list
// every test); the result is the same as with short-circuiting.
OvalResult OvalEngine::criteria(const pugi::xml_node& node, int depth) {
  // Hostile nesting cannot exhaust the stack (SSG nests criteria at most 5 deep).
  if (depth > kMaxCriteriaDepth) return OvalResult::kError;
  ResultCounts counts;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c);
    OvalResult result;
    if (name == "criteria") {
      result = criteria(c, depth + 1);
    } else if (name == "criterion") {
      result = negate_result(test(c.attribute("test_ref").value()), attribute_true(c, "negate"));
    } else if (name == "extend_definition") {
      result = negate_result(definition(c.attribute("definition_ref").value()),
                             attribute_true(c, "negate"));
    } else {
      continue;
    }
    counts.add(result);
  }
  return negate_result(combine(parse_operator(node.attribute("operator").value()), counts),
                       attribute_true(node, "negate"));
}

OvalResult OvalEngine::test(std::string_view id) {
  if (auto it = tests_.find(id); it != tests_.end()) return it->second;
  const pugi::xml_node node = document_.test(id);
  std::string detail;
  const OvalResult result = node ? evaluate_test(node, detail) : OvalResult::kError;
  const std::string_view key = node ? std::string_view(node.attribute("id").value()) : id;
  tests_.emplace(key, result);
  if (!detail.empty()) test_details_.emplace(key, std::move(detail));
  return result;
}

namespace {

std::string items_phrase(std::size_t n) { return n == 1 ? "1 item" : fmt::format("{} items", n); }

// "state 's:1'" or "states 's:1', 's:2'".
std::string states_phrase(const std::vector<pugi::xml_node>& states) {
  std::string ids;
  for (const pugi::xml_node& state : states) {
    ids += fmt::format("{}'{}'", ids.empty() ? "" : ", ", state.attribute("id").value());
  }
  return fmt::format("state{} {}", states.size() == 1 ? "" : "s", ids);
}

}  // namespace

OvalResult OvalEngine::evaluate_test(const pugi::xml_node& node, std::string& detail) {
  const Existence existence = parse_existence(node.attribute("check_existence").value());
  const CheckKind check = parse_check(node.attribute("check").value());
  const Operator state_operator = parse_operator(node.attribute("state_operator").value());
  std::vector<pugi::xml_node> states;
  std::string_view object_id;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (local_name(c) == "object") object_id = c.attribute("object_ref").value();
    if (local_name(c) == "state")
      states.push_back(document_.state(c.attribute("state_ref").value()));
  }
  if (object_id.empty()) return OvalResult::kError;
  const Collected& collected = object(object_id);
  const bool existence_only_any = existence == Existence::kAnyExist && states.empty();
  switch (collected.flag) {
    case Flag::kError:
      return existence_only_any ? OvalResult::kTrue : OvalResult::kError;
    case Flag::kNotCollected:
      return existence_only_any ? OvalResult::kTrue : OvalResult::kUnknown;
    case Flag::kNotApplicable:
      return existence_only_any ? OvalResult::kTrue : OvalResult::kNotApplicable;
    default:
      break;
  }
  const std::size_t count = collected.flag == Flag::kDoesNotExist ? 0 : collected.items.size();
  if (count == 0) {
    detail = fmt::format("object '{}' not found{}{}", object_id,
                         collected.message.empty() ? "" : ": ", collected.message);
    return (existence == Existence::kNoneExist || existence == Existence::kAnyExist)
               ? OvalResult::kTrue
               : OvalResult::kFalse;
  }
  bool exists_ok = true;
  if (existence == Existence::kNoneExist) exists_ok = false;
  if (existence == Existence::kOnlyOneExists) exists_ok = count == 1;
  if (!exists_ok) {
    detail = fmt::format("{} of object '{}' exist{} ({})", items_phrase(count), object_id,
                         count == 1 ? "s" : "", node.attribute("check_existence").value());
    return OvalResult::kFalse;
  }
  if (states.empty()) {
    detail = fmt::format("{} of object '{}' exist{}", items_phrase(count), object_id,
                         count == 1 ? "s" : "");
    return OvalResult::kTrue;
  }
  ResultCounts items;
  for (const Item& item : collected.items) {
    ResultCounts per_state;
    for (const pugi::xml_node& state : states) {
      per_state.add(state ? evaluate_state(state, item) : OvalResult::kError);
    }
    items.add(combine(state_operator, per_state));
  }
  const OvalResult result = combine(check, items);
  if (result == OvalResult::kTrue || result == OvalResult::kFalse) {
    const std::string matched = items.t == 0 ? "no item" : fmt::format("{} of {}", items.t, count);
    detail = fmt::format("{} of object '{}' matched {} (check '{}')", matched, object_id,
                         states_phrase(states),
                         node.attribute("check") ? node.attribute("check").value() : "all");
  }
  return result;
}

OvalResult OvalEngine::evaluate_state(const pugi::xml_node& state, const Item& item) {
  ResultCounts counts;
  for (pugi::xml_node entity = state.first_child(); entity; entity = entity.next_sibling()) {
    if (entity.type() != pugi::node_element || local_name(entity) == "notes") continue;
    counts.add(evaluate_state_entity(entity, item));
  }
  return combine(parse_operator(state.attribute("operator").value()), counts);
}

OvalResult OvalEngine::evaluate_state_entity(const pugi::xml_node& entity, const Item& item) {
  const std::string_view name = local_name(entity);
  const Operation operation = parse_operation(entity.attribute("operation").value());
  Datatype datatype = parse_datatype(entity.attribute("datatype").value());
  const CheckKind entity_check = parse_check(entity.attribute("entity_check").value());
  const CheckKind var_check = parse_check(entity.attribute("var_check").value());
  const std::string_view var_ref = entity.attribute("var_ref").value();

  std::vector<std::string> own;
  const std::vector<std::string>* expected = &own;
  if (!var_ref.empty()) {
    const VariableValues& values = variable(var_ref);
    if (values.flag != Flag::kComplete || values.values.empty()) return OvalResult::kError;
    expected = &values.values;
    datatype = values.datatype;
  } else {
    own.push_back(node_text(entity));
  }
  ResultCounts fields;
  for (const ItemField& field : item.fields) {
    if (field.name != name) continue;
    if (!field.exists) {
      fields.add(OvalResult::kFalse);
      continue;
    }
    ResultCounts per_value;
    for (const std::string& value : *expected) {
      per_value.add(compare_values(operation, datatype, field.value, value));
    }
    fields.add(combine(var_check, per_value));
  }
  if (fields.total() == 0) return OvalResult::kUnknown;  // "Entity name ... not found in item"
  return combine(entity_check, fields);
}

std::string OvalEngine::reason(std::string_view definition_id) {
  const pugi::xml_node node = document_.definition(definition_id);
  if (!node) return fmt::format("definition '{}' not found", definition_id);
  std::vector<pugi::xml_node> stack{child(node, "criteria")};
  while (!stack.empty()) {
    const pugi::xml_node current = stack.back();
    stack.pop_back();
    if (!current) continue;
    for (pugi::xml_node c = current.last_child(); c; c = c.previous_sibling()) {
      const std::string_view name = local_name(c);
      if (name == "criteria") stack.push_back(c);
      if (name == "extend_definition") {
        stack.push_back(
            child(document_.definition(c.attribute("definition_ref").value()), "criteria"));
      }
      if (name != "criterion") continue;
      const std::string_view test_id = c.attribute("test_ref").value();
      const OvalResult result = test(test_id);
      if (result != OvalResult::kError && result != OvalResult::kUnknown) continue;
      const pugi::xml_node test_node = document_.test(test_id);
      const std::string_view object_id = child(test_node, "object").attribute("object_ref").value();
      const Collected& collected = object(object_id);
      return fmt::format("test '{}' is {}{}{}", test_id, result_name(result),
                         collected.message.empty() ? "" : ": ", collected.message);
    }
  }
  return "";
}

std::string OvalEngine::explain(std::string_view definition_id) {
  const OvalResult result = definition(definition_id);
  if (result != OvalResult::kTrue && result != OvalResult::kFalse) return "";
  const pugi::xml_node node = document_.definition(definition_id);
  std::string why = explain_criteria(child(node, "criteria"), result, 0);
  return fmt::format("definition '{}' is {}{}{}", definition_id, result_name(result),
                     why.empty() ? "" : ": ", why);
}

// Descends to the first child whose result gave `result` (after the node's own negation):
// for AND false and OR true that child alone decided it; for AND true and OR false it is the
// first of several that all did.
std::string OvalEngine::explain_criteria(const pugi::xml_node& node, OvalResult result, int depth) {
  if (!node || depth > kMaxCriteriaDepth) return "";
  const OvalResult wanted = negate_result(result, attribute_true(node, "negate"));
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c);
    const bool negate = attribute_true(c, "negate");
    if (name == "criteria") {
      // criteria() is not cached: only its leaves are, so this recomputes from the caches.
      if (criteria(c, depth + 1) != wanted) continue;
      return explain_criteria(c, wanted, depth + 1);
    }
    if (name == "extend_definition") {
      const std::string_view ref = c.attribute("definition_ref").value();
      const OvalResult raw = definition(ref);
      if (negate_result(raw, negate) != wanted) continue;
      std::string why =
          explain_criteria(child(document_.definition(ref), "criteria"), raw, depth + 1);
      return fmt::format("{}definition '{}' is {}{}{}", negate ? "negated " : "", ref,
                         result_name(raw), why.empty() ? "" : ": ", why);
    }
    if (name != "criterion") continue;
    const std::string_view test_id = c.attribute("test_ref").value();
    const OvalResult raw = test(test_id);
    if (negate_result(raw, negate) != wanted) continue;
    const pugi::xml_node test_node = document_.test(test_id);
    const std::string_view comment = test_node.attribute("comment").value();
    auto detail = test_details_.find(test_node ? test_node.attribute("id").value() : test_id);
    return fmt::format("{}test '{}'{}{}{} is {}{}{}", negate ? "negated " : "", test_id,
                       comment.empty() ? "" : " (", comment, comment.empty() ? "" : ")",
                       result_name(raw), detail == test_details_.end() ? "" : ": ",
                       detail == test_details_.end() ? "" : detail->second);
  }
  return "";
}

}  // namespace patchplan::harden
