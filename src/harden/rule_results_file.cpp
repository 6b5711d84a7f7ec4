// Reading rule results from XCCDF/ARF documents: every xccdf:rule-result element, whatever
// namespace prefix the writer chose.
#include "harden/rule_results_file.hpp"

#include <pugixml.hpp>

namespace patchplan::harden {

Expected<std::map<std::string, std::string>> read_rule_results(const std::string& path) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_file(path.c_str());
  if (!parsed) {
    return make_error(ErrorCode::kInvalidInput, "cannot read results '{}': {}", path,
                      parsed.description());
  }
  std::map<std::string, std::string> results;
  for (pugi::xpath_node node : doc.select_nodes("//*[local-name()='rule-result']")) {
    results[node.node().attribute("idref").value()] =
        node.node().select_node("*[local-name()='result']").node().text().get();
  }
  return results;
}

}  // namespace patchplan::harden
