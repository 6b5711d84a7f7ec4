// OVAL object collection: entity values resolved through variables, sets (OVAL 5.11 section
// 5.3.5 "set"), filters applied while collecting, and the dispatch to the probes.
#include <algorithm>

#include "common/deb822.hpp"
#include "harden/oval_engine.hpp"
#include "harden/xml_load.hpp"

namespace patchplan::harden {
namespace {

bool is_entity(std::string_view name) {
  return name != "set" && name != "filter" && name != "behaviors" && name != "notes" &&
         name != "Signature";
}

void append_unique(std::vector<Item>& out, const std::vector<Item>& items) {
  for (const Item& item : items) {
    if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
  }
}

}  // namespace

const Collected& OvalEngine::object(std::string_view id) {
  if (auto it = objects_.find(id); it != objects_.end()) return it->second;
  const pugi::xml_node node = document_.object(id);
  if (!node) {
    return objects_
        .emplace(id, Collected{Flag::kError, {}, fmt::format("object '{}' not found", id)})
        .first->second;
  }
  // A placeholder first, so that a set that contains itself ends as an error, not a loop.
  auto [it, inserted] = objects_.emplace(
      node.attribute("id").value(),
      Collected{Flag::kError, {}, fmt::format("object '{}' refers to itself", id)});
  Collected collected = collect(node);
  it->second = std::move(collected);
  return it->second;
}

bool OvalEngine::passes_filters(const std::vector<pugi::xml_node>& filters, const Item& item) {
  for (const pugi::xml_node& filter : filters) {
    const pugi::xml_node state = document_.state(std::string(trim(node_text(filter))));
    const bool include = std::string_view(filter.attribute("action").value()) == "include";
    const bool matches = state && evaluate_state(state, item) == OvalResult::kTrue;
    if (include != matches) return false;
  }
  return true;
}

Collected OvalEngine::collect(const pugi::xml_node& node) {
  if (pugi::xml_node set = child(node, "set")) return collect_set(set);
  ObjectRequest request;
  request.type = local_name(node);
  std::vector<pugi::xml_node> filters;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view name = local_name(c);
    if (name == "behaviors") request.behaviors = c;
    if (name == "filter") filters.push_back(c);
    if (!is_entity(name)) continue;
    ObjectEntity entity;
    entity.name = std::string(name);
    entity.operation = parse_operation(c.attribute("operation").value());
    entity.datatype = parse_datatype(c.attribute("datatype").value());
    entity.nil = std::string_view(c.attribute("xsi:nil").value()) == "true";
    const std::string_view var_ref = c.attribute("var_ref").value();
    if (!var_ref.empty()) {
      const VariableValues& values = variable(var_ref);
      if (values.flag != Flag::kComplete || values.values.empty()) {
        return Collected{Flag::kDoesNotExist,
                         {},
                         fmt::format("Referenced variable has no values ({})", var_ref)};
      }
      entity.values = values.values;
      entity.var_check = parse_check(c.attribute("var_check").value(), CheckKind::kAll);
    } else {
      entity.values.push_back(node_text(c));
    }
    request.entities.push_back(std::move(entity));
  }
  request.keep = [this, &filters](const Item& item) { return passes_filters(filters, item); };
  if (request.type == "variable_object") return collect_variable_object(request);
  return collect_object(probes_, request);
}

Collected OvalEngine::collect_variable_object(const ObjectRequest& request) {
  const ObjectEntity* var_ref = request.find("var_ref");
  if (var_ref == nullptr || var_ref->values.empty()) {
    return Collected{Flag::kError, {}, "variable_object without var_ref"};
  }
  std::vector<Item> items;
  for (const std::string& id_text : var_ref->values) {
    const std::string id(trim(id_text));
    const VariableValues& values = variable(id);
    if (values.flag == Flag::kError) return Collected{Flag::kError, {}, values.message};
    if (values.flag != Flag::kComplete || values.values.empty()) {
      return Collected{
          Flag::kDoesNotExist, {}, fmt::format("Referenced variable has no values ({})", id)};
    }
    // One item per variable, its value entity holding every value (OVAL 5.11 variable_item:
    // value maxOccurs unbounded; oscap's items), so that entity_check applies to them.
    Item item;
    item.add("var_ref", id);
    for (const std::string& value : values.values) item.add("value", value);
    if (request.keep(item)) items.push_back(std::move(item));
  }
  return finish(std::move(items), request);
}

Collected OvalEngine::collect_set(const pugi::xml_node& set) {
  const std::string_view op = set.attribute("set_operator").value();
  std::vector<const Collected*> parts;
  std::vector<Collected> nested;
  std::vector<pugi::xml_node> filters;
  nested.reserve(2);
  for (pugi::xml_node c = set.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c);
    if (name == "object_reference") parts.push_back(&object(std::string(trim(node_text(c)))));
    if (name == "set") nested.push_back(collect_set(c));
    if (name == "filter") filters.push_back(c);
  }
  for (const Collected& n : nested) parts.push_back(&n);
  if (parts.empty()) return Collected{Flag::kError, {}, "empty set"};
  for (const Collected* part : parts) {
    if (part->flag == Flag::kError) return Collected{Flag::kError, {}, part->message};
  }
  std::vector<Item> items;
  if (op == "INTERSECTION") {
    items = parts[0]->items;
    for (std::size_t i = 1; i < parts.size(); ++i) {
      std::erase_if(items, [&](const Item& item) {
        return std::find(parts[i]->items.begin(), parts[i]->items.end(), item) ==
               parts[i]->items.end();
      });
    }
  } else if (op == "COMPLEMENT") {
    items = parts[0]->items;
    if (parts.size() > 1) {
      std::erase_if(items, [&](const Item& item) {
        return std::find(parts[1]->items.begin(), parts[1]->items.end(), item) !=
               parts[1]->items.end();
      });
    }
  } else {
    for (const Collected* part : parts) append_unique(items, part->items);
  }
  std::erase_if(items, [&](const Item& item) { return !passes_filters(filters, item); });
  Collected out;
  out.flag = items.empty() ? Flag::kDoesNotExist : Flag::kComplete;
  out.items = std::move(items);
  return out;
}

}  // namespace patchplan::harden
