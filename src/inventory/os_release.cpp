// os-release(5) parsing with the shell quoting subset the specification allows.
#include "inventory/os_release.hpp"

#include <optional>

#include "common/deb822.hpp"
#include "inventory/message_text.hpp"
#include "inventory/text_lines.hpp"

namespace patchplan::inventory {
namespace {

constexpr std::size_t kMaxOsReleaseBytes = 64u << 10;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

bool is_key_char(char c, bool first) {
  bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  return letter || (!first && c >= '0' && c <= '9');
}

// The value after '=' without its quotes and escapes, or why it cannot be read.
struct Unquoted {
  std::optional<std::string> value;
  std::string_view problem;
};

// In double quotes, a backslash escapes only '"', '\\', '$' and '`' (sh(1) quoting).
Unquoted unquote_double(std::string_view text, std::size_t& pos) {
  std::string value;
  for (++pos; pos < text.size(); ++pos) {
    char c = text[pos];
    if (c == '"') {
      ++pos;
      return {value, {}};
    }
    if (c == '\\' && pos + 1 < text.size() &&
        std::string_view("\"\\$`").find(text[pos + 1]) != std::string_view::npos) {
      c = text[++pos];
    }
    value += c;
  }
  return {std::nullopt, "unterminated double quote"};
}

Unquoted unquote_single(std::string_view text, std::size_t& pos) {
  std::size_t close = text.find('\'', pos + 1);
  if (close == std::string_view::npos) return {std::nullopt, "unterminated single quote"};
  std::string value(text.substr(pos + 1, close - pos - 1));
  pos = close + 1;
  return {value, {}};
}

// Bare values end at a blank; a backslash takes the next character literally.
Unquoted unquote_bare(std::string_view text, std::size_t& pos) {
  std::string value;
  for (; pos < text.size() && !is_blank(text[pos]); ++pos) {
    char c = text[pos];
    if (c == '"' || c == '\'') return {std::nullopt, "quote inside a bare value"};
    if (c == '\\' && pos + 1 < text.size()) c = text[++pos];
    value += c;
  }
  return {value, {}};
}

Unquoted unquote(std::string_view text) {
  std::size_t pos = 0;
  Unquoted result = text.starts_with('"')    ? unquote_double(text, pos)
                    : text.starts_with('\'') ? unquote_single(text, pos)
                                             : unquote_bare(text, pos);
  if (!result.value) return result;
  std::string_view rest = trim(text.substr(pos));
  if (!rest.empty() && !rest.starts_with('#')) {
    return {std::nullopt, "text after the value (quote values with blanks, do not concatenate)"};
  }
  return result;
}

void assign(OsRelease& os, const std::string& key, std::string value) {
  if (key == "ID") os.id = value;
  if (key == "ID_LIKE") os.id_like = value;
  if (key == "VERSION_ID") os.version_id = value;
  if (key == "VERSION_CODENAME") os.version_codename = value;
  if (key == "PRETTY_NAME") os.pretty_name = value;
  if (key == "NAME") os.name = value;
  if (key == "VERSION") os.version = value;
  os.variables[key] = std::move(value);
}

}  // namespace

OsRelease parse_os_release(std::string_view text, std::string_view file,
                           std::vector<std::string>& warnings) {
  OsRelease os;
  detail::for_each_line(text, [&](std::size_t line_number, std::string_view line) {
    if (line.empty() || line.starts_with('#')) return true;
    std::size_t equals = line.find('=');
    std::string_view key = line.substr(0, equals);
    bool key_ok = equals != std::string_view::npos && !key.empty();
    for (std::size_t i = 0; key_ok && i < key.size(); ++i) key_ok = is_key_char(key[i], i == 0);
    if (!key_ok) {
      warnings.push_back(fmt::format("{}:{}: expected 'KEY=value', got '{}'", file, line_number,
                                     message_excerpt(line)));
      return true;
    }
    Unquoted value = unquote(line.substr(equals + 1));
    if (!value.value) {
      warnings.push_back(fmt::format("{}:{}: {} in '{}'", file, line_number, value.problem,
                                     message_excerpt(line)));
      return true;
    }
    assign(os, std::string(key), std::move(*value.value));
    return true;
  });
  return os;
}

Expected<OsRelease> read_os_release(const RootFs& root, std::vector<std::string>& warnings) {
  for (std::string_view path : {"/etc/os-release", "/usr/lib/os-release"}) {
    auto text = root.read_file(path, kMaxOsReleaseBytes);
    if (!text && text.error().code == ErrorCode::kNotFound) continue;
    if (!text) return text.error();
    return parse_os_release(*text, root.display_path(path), warnings);
  }
  return make_error(ErrorCode::kNotFound,
                    "no os-release file in '{}' (/etc/os-release, "
                    "/usr/lib/os-release)",
                    root.root());
}

Expected<std::string> read_debian_version(const RootFs& root) {
  auto text = root.read_file("/etc/debian_version", kMaxOsReleaseBytes);
  if (!text) return text.error();
  std::string_view first;
  detail::for_each_line(*text, [&](std::size_t, std::string_view line) {
    first = line;
    return false;
  });
  return std::string(first);
}

}  // namespace patchplan::inventory
