// Escaping of input bytes quoted in messages.
#include "inventory/message_text.hpp"

#include <fmt/format.h>

namespace patchplan::inventory {
namespace {

// `text` with each byte for which `escape` holds written as \xNN.
template <typename Predicate>
std::string escape_bytes(std::string_view text, Predicate escape) {
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (escape(byte)) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string message_excerpt(std::string_view text, std::size_t max_bytes) {
  std::string out = escape_bytes(text.substr(0, max_bytes), [](unsigned char byte) {
    return byte < 0x20 || byte >= 0x7f || byte == '\'' || byte == '"' || byte == '\\';
  });
  if (text.size() > max_bytes) out += "...";
  return out;
}

std::string without_control_characters(std::string_view message) {
  return escape_bytes(message, [](unsigned char byte) { return byte < 0x20 || byte == 0x7f; });
}

}  // namespace patchplan::inventory
