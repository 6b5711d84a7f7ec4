// Strict reading of YAML nodes: every error is one line "FILE:LINE: key 'PATH': what".
#pragma once

#include <yaml-cpp/yaml.h>

#include <array>
#include <chrono>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/expected.hpp"

namespace patchplan::plan {

// The file being read, for messages.
struct YamlSource {
  std::string file;
};

// The 1-based line of `node` (yaml-cpp marks are 0-based; -1 when it has none).
int yaml_line(const YAML::Node& node);

// "FILE:LINE: key 'PATH': MESSAGE".
Error yaml_error(const YamlSource& source, const YAML::Node& node, std::string_view path,
                 std::string_view message);

// Parses `text` as one YAML document; a syntax error is "FILE:LINE: MESSAGE".
Expected<YAML::Node> parse_yaml(const YamlSource& source, const std::string& text);

// A map whose keys must all be in `allowed`; a null node is an empty map. An unknown key
// is an error naming it ("unknown key 'windows.monthly.rrul'").
Status check_map(const YamlSource& source, const YAML::Node& node, std::string_view path,
                 std::initializer_list<std::string_view> allowed);

std::string child_path(std::string_view path, std::string_view key);

Expected<std::string> read_scalar(const YamlSource& source, const YAML::Node& node,
                                  std::string_view path);
// A sequence of scalars, or one scalar as a list of one.
Expected<std::vector<std::string>> read_strings(const YamlSource& source, const YAML::Node& node,
                                                std::string_view path);
Expected<double> read_number(const YamlSource& source, const YAML::Node& node,
                             std::string_view path);
Expected<int> read_int(const YamlSource& source, const YAML::Node& node, std::string_view path,
                       int min, int max);
Expected<bool> read_bool(const YamlSource& source, const YAML::Node& node, std::string_view path);

// "90s", "30m", "4h", "14d", "2w", or combinations "1h30m".
Expected<std::chrono::seconds> parse_duration(std::string_view text);
Expected<std::chrono::seconds> read_duration(const YamlSource& source, const YAML::Node& node,
                                             std::string_view path);
// "HH:MM" as minutes after midnight.
Expected<int> read_clock_time(const YamlSource& source, const YAML::Node& node,
                              std::string_view path);

// One of the names of `choices`.
template <typename E>
Expected<E> read_choice(const YamlSource& source, const YAML::Node& node, std::string_view path,
                        std::span<const std::pair<std::string_view, E>> choices) {
  auto text = read_scalar(source, node, path);
  if (!text) return text.error();
  std::string names;
  for (const auto& [name, value] : choices) {
    if (*text == name) return value;
    names += names.empty() ? "" : ", ";
    names += name;
  }
  return yaml_error(source, node, path, fmt::format("'{}' is not one of {}", *text, names));
}

template <typename E>
Expected<E> read_choice(const YamlSource& source, const YAML::Node& node, std::string_view path,
                        std::initializer_list<std::pair<std::string_view, E>> choices) {
  return read_choice(
      source, node, path,
      std::span<const std::pair<std::string_view, E>>(choices.begin(), choices.size()));
}

template <typename E, std::size_t N>
Expected<E> read_choice(const YamlSource& source, const YAML::Node& node, std::string_view path,
                        const std::array<std::pair<std::string_view, E>, N>& choices) {
  return read_choice(source, node, path, std::span<const std::pair<std::string_view, E>>(choices));
}

}  // namespace patchplan::plan
