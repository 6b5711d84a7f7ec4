// An OVAL 5.11 definitions document, indexed once by id: definitions, tests, objects, states
// and variables stay as nodes of the parsed document and are looked up in constant time.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace patchplan::harden {

class OvalDocument {
 public:
  // Indexes the children of an oval_definitions element; the element must outlive this.
  explicit OvalDocument(const pugi::xml_node& root);

  [[nodiscard]] pugi::xml_node definition(std::string_view id) const { return find(defs_, id); }
  [[nodiscard]] pugi::xml_node test(std::string_view id) const { return find(tests_, id); }
  [[nodiscard]] pugi::xml_node object(std::string_view id) const { return find(objects_, id); }
  [[nodiscard]] pugi::xml_node state(std::string_view id) const { return find(states_, id); }
  [[nodiscard]] pugi::xml_node variable(std::string_view id) const { return find(vars_, id); }

  // Definition ids in document order.
  [[nodiscard]] const std::vector<std::string_view>& definition_ids() const { return def_order_; }

 private:
  using Index = std::unordered_map<std::string_view, pugi::xml_node>;
  static pugi::xml_node find(const Index& index, std::string_view id) {
    auto it = index.find(id);
    return it == index.end() ? pugi::xml_node() : it->second;
  }

  Index defs_, tests_, objects_, states_, vars_;
  std::vector<std::string_view> def_order_;
};

}  // namespace patchplan::harden
