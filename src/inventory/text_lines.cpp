// Line walking over an in-memory text.
#include "inventory/text_lines.hpp"

#include "common/deb822.hpp"

namespace patchplan::inventory::detail {

void for_each_line(std::string_view text,
                   const std::function<bool(std::size_t, std::string_view)>& visit) {
  for (std::size_t line = 1; !text.empty(); ++line) {
    std::size_t eol = text.find('\n');
    if (!visit(line, trim(text.substr(0, eol)))) return;
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
  }
}

}  // namespace patchplan::inventory::detail
