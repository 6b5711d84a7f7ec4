// Index of an OVAL definitions document by element id.
#include "harden/oval_document.hpp"

#include "harden/xml_load.hpp"

namespace patchplan::harden {

OvalDocument::OvalDocument(const pugi::xml_node& root) {
  for (pugi::xml_node section = root.first_child(); section; section = section.next_sibling()) {
    const std::string_view name = local_name(section);
    Index* index = name == "definitions" ? &defs_
                   : name == "tests"     ? &tests_
                   : name == "objects"   ? &objects_
                   : name == "states"    ? &states_
                   : name == "variables" ? &vars_
                                         : nullptr;
    if (index == nullptr) continue;
    for (pugi::xml_node element = section.first_child(); element;
         element = element.next_sibling()) {
      if (element.type() != pugi::node_element) continue;
      const std::string_view id = element.attribute("id").value();
      index->emplace(id, element);
      if (index == &defs_) def_order_.push_back(id);
    }
  }
}

}  // namespace patchplan::harden
