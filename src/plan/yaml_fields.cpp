// Strict YAML readers with file, line and key in every message.
#include "plan/yaml_fields.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace patchplan::plan {

int yaml_line(const YAML::Node& node) {
  int line = node.Mark().line;
  return line < 0 ? -1 : line + 1;
}

Error yaml_error(const YamlSource& source, const YAML::Node& node, std::string_view path,
                 std::string_view message) {
  return make_error(ErrorCode::kInvalidInput, "{}:{}: key '{}': {}", source.file, yaml_line(node),
                    path, message);
}

Expected<YAML::Node> parse_yaml(const YamlSource& source, const std::string& text) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::kInvalidInput, "{}:{}: {}", source.file, e.mark.line + 1, e.msg);
  }
}

std::string child_path(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return fmt::format("{}.{}", path, key);
}

Status check_map(const YamlSource& source, const YAML::Node& node, std::string_view path,
                 std::initializer_list<std::string_view> allowed) {
  if (!node || node.IsNull()) return ok();
  if (!node.IsMap()) return yaml_error(source, node, path.empty() ? "." : path, "expected a map");
  for (const auto& item : node) {
    if (!item.first.IsScalar()) return yaml_error(source, item.first, path, "keys must be text");
    const std::string& key = item.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return make_error(ErrorCode::kInvalidInput, "{}:{}: unknown key '{}'", source.file,
                        yaml_line(item.first), child_path(path, key));
    }
  }
  return ok();
}

Expected<std::string> read_scalar(const YamlSource& source, const YAML::Node& node,
                                  std::string_view path) {
  if (!node.IsScalar()) return yaml_error(source, node, path, "expected a single value");
  return node.Scalar();
}

Expected<std::vector<std::string>> read_strings(const YamlSource& source, const YAML::Node& node,
                                                std::string_view path) {
  std::vector<std::string> out;
  if (!node || node.IsNull()) return out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  if (!node.IsSequence()) return yaml_error(source, node, path, "expected a list of values");
  for (const auto& item : node) {
    auto text = read_scalar(source, item, path);
    if (!text) return text.error();
    out.push_back(std::move(*text));
  }
  return out;
}

Expected<double> read_number(const YamlSource& source, const YAML::Node& node,
                             std::string_view path) {
  auto text = read_scalar(source, node, path);
  if (!text) return text.error();
  double value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return yaml_error(source, node, path, fmt::format("'{}' is not a number", *text));
  }
  return value;
}

Expected<int> read_int(const YamlSource& source, const YAML::Node& node, std::string_view path,
                       int min, int max) {
  auto text = read_scalar(source, node, path);
  if (!text) return text.error();
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    return yaml_error(source, node, path,
                      fmt::format("'{}' is not a whole number from {} to {}", *text, min, max));
  }
  return value;
}

Expected<bool> read_bool(const YamlSource& source, const YAML::Node& node, std::string_view path) {
  auto text = read_scalar(source, node, path);
  if (!text) return text.error();
  if (*text == "true" || *text == "yes") return true;
  if (*text == "false" || *text == "no") return false;
  return yaml_error(source, node, path, fmt::format("'{}' is not true or false", *text));
}

Expected<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.empty()) return make_error(ErrorCode::kInvalidInput, "empty duration");
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t amount = 0;
    auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), amount);
    if (ec != std::errc() || end == text.data() + text.size()) {
      return make_error(ErrorCode::kInvalidInput,
                        "'{}' is not a duration (a number and a unit s, m, h, d or w)", text);
    }
    i = static_cast<std::size_t>(end - text.data());
    std::int64_t unit = 0;
    switch (text[i]) {
      case 's':
        unit = 1;
        break;
      case 'm':
        unit = 60;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'd':
        unit = 86400;
        break;
      case 'w':
        unit = 7 * 86400;
        break;
      default:
        return make_error(ErrorCode::kInvalidInput,
                          "'{}' is not a duration (a number and a unit s, m, h, d or w)", text);
    }
    ++i;
    if (amount < 0 || amount > std::numeric_limits<std::int32_t>::max()) {
      return make_error(ErrorCode::kInvalidInput, "duration '{}' is out of range", text);
    }
    total += amount * unit;
  }
  return std::chrono::seconds(total);
}

Expected<std::chrono::seconds> read_duration(const YamlSource& source, const YAML::Node& node,
                                             std::string_view path) {
  auto text = read_scalar(source, node, path);
  if (!text) return text.error();
  auto value = parse_duration(*text);
  if (!value) return yaml_error(source, node, path, value.error().message);
  return *value;
}

Expected<int> read_clock_time(const YamlSource& source, const YAML::Node& node,
                              std::string_view path) {
  auto text = read_scalar(source, node, path);
  if (!text) return text.error();
  int hours = 0;
  int minutes = 0;
  const char* begin = text->data();
  const char* last = begin + text->size();
  auto h = std::from_chars(begin, last, hours);
  bool good = h.ec == std::errc() && h.ptr != last && *h.ptr == ':' && h.ptr - begin <= 2;
  if (good) {
    auto m = std::from_chars(h.ptr + 1, last, minutes);
    good = m.ec == std::errc() && m.ptr == last && m.ptr - h.ptr == 3;
  }
  if (!good || hours > 23 || minutes > 59) {
    return yaml_error(source, node, path, fmt::format("'{}' is not a time HH:MM", *text));
  }
  return hours * 60 + minutes;
}

}  // namespace patchplan::plan
