// Terminal styling for human output: colour only on a terminal, never with NO_COLOR.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace patchplan::report {

enum class Style { kPlain, kBold, kDim, kRed, kYellow, kGreen, kCyan };

class Terminal {
 public:
  // Colour is on when `stream` is a terminal and NO_COLOR is unset or empty
  // (https://no-color.org).
  static Terminal for_stream(std::FILE* stream);
  static Terminal plain() { return Terminal(false); }

  [[nodiscard]] bool colour() const { return colour_; }

  // `text` wrapped in the escape codes of `style`, or unchanged without colour.
  [[nodiscard]] std::string paint(Style style, std::string_view text) const;

 private:
  explicit Terminal(bool colour) : colour_(colour) {}
  bool colour_;
};

}  // namespace patchplan::report
