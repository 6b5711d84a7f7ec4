// to_json_text: nlohmann::json dump with invalid UTF-8 replaced.
#include "report/json_text.hpp"

namespace patchplan::report {

std::string to_json_text(const nlohmann::json& document, int indent) {
  return document.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace patchplan::report
