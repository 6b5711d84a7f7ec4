// XCCDF 1.2 Benchmark parsing (XCCDF 1.2 specification, NISTIR 7275r4, sections 6.2-6.5).
#include "harden/xccdf_parse.hpp"

#include <cstdlib>

#include "harden/xml_load.hpp"

namespace patchplan::harden {
namespace {

bool attribute_bool(const pugi::xml_node& node, const char* name, bool fallback) {
  const pugi::xml_attribute attribute = node.attribute(name);
  if (!attribute) return fallback;
  std::string_view text = attribute.value();
  return text == "true" || text == "1";
}

// Fields common to Rules and Groups.
void parse_item(const pugi::xml_node& node, int parent, SelectableItem& item) {
  item.id = node.attribute("id").value();
  item.selected = attribute_bool(node, "selected", true);
  item.parent = parent;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c);
    if (name == "title" && item.title.empty()) {
      item.title = node_text(c);
    } else if (name == "platform") {
      item.platforms.emplace_back(c.attribute("idref").value());
    } else if (name == "requires") {
      item.requires_.emplace_back(c.attribute("idref").value());
    } else if (name == "conflicts") {
      item.conflicts.emplace_back(c.attribute("idref").value());
    }
  }
}

Check parse_check(const pugi::xml_node& node) {
  Check check;
  check.system = node.attribute("system").value();
  check.selector = node.attribute("selector").value();
  check.multi_check = attribute_bool(node, "multi-check", false);
  check.negate = attribute_bool(node, "negate", false);
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c);
    if (name == "check-export") {
      check.exports.push_back(
          {c.attribute("value-id").value(), c.attribute("export-name").value()});
    } else if (name == "check-content-ref") {
      check.refs.push_back({c.attribute("href").value(), c.attribute("name").value()});
    }
  }
  return check;
}

Fix parse_fix(const pugi::xml_node& node) {
  Fix fix;
  fix.system = node.attribute("system").value();
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      fix.text += c.value();
    } else if (c.type() == pugi::node_element && local_name(c) == "sub") {
      fix.text += '\x01';
      fix.text += c.attribute("idref").value();
      fix.text += '\x01';
    }
  }
  return fix;
}

void parse_rule(const pugi::xml_node& node, int parent, Benchmark& benchmark) {
  Rule rule;
  parse_item(node, parent, rule);
  if (auto severity = node.attribute("severity")) rule.severity = severity.value();
  if (auto role = node.attribute("role")) rule.role = role.value();
  if (auto weight = node.attribute("weight")) rule.weight = std::strtod(weight.value(), nullptr);
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (local_name(c) == "check") rule.checks.push_back(parse_check(c));
    if (local_name(c) == "fix") rule.fixes.push_back(parse_fix(c));
  }
  benchmark.rule_index.emplace(rule.id, benchmark.rules.size());
  benchmark.rules.push_back(std::move(rule));
}

void parse_value(const pugi::xml_node& node, Benchmark& benchmark) {
  Value value;
  value.id = node.attribute("id").value();
  if (auto type = node.attribute("type")) value.type = type.value();
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (local_name(c) != "value") continue;
    const std::string_view selector = c.attribute("selector").value();
    if (selector.empty()) {
      value.default_value = node_text(c);
    } else {
      value.by_selector.emplace(selector, node_text(c));
    }
  }
  benchmark.value_index.emplace(value.id, benchmark.values.size());
  benchmark.values.push_back(std::move(value));
}

// Walks the Group/Rule/Value tree below `node`.
void parse_children(const pugi::xml_node& node, int parent, Benchmark& benchmark) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c);
    if (name == "Rule") {
      parse_rule(c, parent, benchmark);
    } else if (name == "Value") {
      parse_value(c, benchmark);
    } else if (name == "Group") {
      Group group;
      parse_item(c, parent, group);
      if (auto weight = c.attribute("weight")) group.weight = std::strtod(weight.value(), nullptr);
      const int index = static_cast<int>(benchmark.groups.size());
      benchmark.group_index.emplace(group.id, benchmark.groups.size());
      benchmark.groups.push_back(std::move(group));
      parse_children(c, index, benchmark);
    }
  }
}

Profile parse_profile(const pugi::xml_node& node) {
  Profile profile;
  profile.id = node.attribute("id").value();
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c);
    if (name == "title" && profile.title.empty()) {
      profile.title = node_text(c);
    } else if (name == "select") {
      profile.selects.emplace_back(c.attribute("idref").value(),
                                   attribute_bool(c, "selected", true));
    } else if (name == "refine-value") {
      profile.refine_values[c.attribute("idref").value()] = c.attribute("selector").value();
    } else if (name == "set-value") {
      profile.set_values[c.attribute("idref").value()] = node_text(c);
    }
  }
  return profile;
}

LogicalTest parse_logical_test(const pugi::xml_node& node) {
  LogicalTest test;
  test.is_and = std::string_view(node.attribute("operator").value()) != "OR";
  test.negate = attribute_bool(node, "negate", false);
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c);
    if (name == "logical-test") {
      test.tests.push_back(parse_logical_test(c));
    } else if (name == "fact-ref") {
      test.fact_refs.emplace_back(c.attribute("name").value());
    } else if (name == "check-fact-ref") {
      test.checks.emplace_back(c.attribute("href").value(), c.attribute("id-ref").value());
    }
  }
  return test;
}

}  // namespace

Expected<Benchmark> parse_benchmark(const pugi::xml_node& node) {
  if (local_name(node) != "Benchmark") {
    return make_error(ErrorCode::kInvalidInput, "expected an xccdf benchmark, found '{}'",
                      node.name());
  }
  Benchmark benchmark;
  benchmark.id = node.attribute("id").value();
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c);
    if (name == "title" && benchmark.title.empty()) {
      benchmark.title = node_text(c);
    } else if (name == "version") {
      benchmark.version = node_text(c);
    } else if (name == "platform") {
      benchmark.platforms.emplace_back(c.attribute("idref").value());
    } else if (name == "Profile") {
      benchmark.profiles.push_back(parse_profile(c));
    } else if (name == "platform-specification") {
      for (pugi::xml_node p = c.first_child(); p; p = p.next_sibling()) {
        if (local_name(p) != "platform") continue;
        if (pugi::xml_node test = child(p, "logical-test")) {
          benchmark.platform_specs.emplace(p.attribute("id").value(), parse_logical_test(test));
        }
      }
    }
  }
  parse_children(node, -1, benchmark);
  return benchmark;
}

void parse_cpe_dictionary(const pugi::xml_node& cpe_list, Benchmark& benchmark) {
  for (pugi::xml_node item = cpe_list.first_child(); item; item = item.next_sibling()) {
    if (local_name(item) != "cpe-item") continue;
    if (pugi::xml_node check = child(item, "check")) {
      benchmark.cpe_dictionary[item.attribute("name").value()] =
          CpeCheck{check.attribute("href").value(), node_text(check)};
    }
  }
}

}  // namespace patchplan::harden
