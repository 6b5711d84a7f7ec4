// Line-by-line walking of small text files (os-release, hostname, dpkg's arch list).
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace patchplan::inventory::detail {

// Calls `visit(line_number, line)` for each line of `text`, 1-based, the line trimmed of
// blanks; a final line without '\n' counts too. `visit` returns false to stop.
void for_each_line(std::string_view text,
                   const std::function<bool(std::size_t, std::string_view)>& visit);

}  // namespace patchplan::inventory::detail
