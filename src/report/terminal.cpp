// Terminal: ANSI styling, decided once per output stream.
#include "report/terminal.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

namespace patchplan::report {

Terminal Terminal::for_stream(std::FILE* stream) {
  const char* no_color = std::getenv("NO_COLOR");
  bool disabled = no_color != nullptr && no_color[0] != '\0';
  return Terminal(!disabled && ::isatty(::fileno(stream)) == 1);
}

std::string Terminal::paint(Style style, std::string_view text) const {
  if (!colour_ || style == Style::kPlain) return std::string(text);
  std::string_view code;
  switch (style) {
    case Style::kBold:
      code = "1";
      break;
    case Style::kDim:
      code = "2";
      break;
    case Style::kRed:
      code = "31";
      break;
    case Style::kYellow:
      code = "33";
      break;
    case Style::kGreen:
      code = "32";
      break;
    case Style::kCyan:
      code = "36";
      break;
    case Style::kPlain:
      break;
  }
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

}  // namespace patchplan::report
