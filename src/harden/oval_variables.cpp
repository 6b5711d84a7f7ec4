// OVAL variables (OVAL 5.11 section 5.3.7): external values from XCCDF, constants, and local
// variables built from components and functions.
#include <algorithm>
#include <charconv>
#include <cinttypes>

#include "common/deb822.hpp"
#include "harden/oval_engine.hpp"
#include "harden/regex.hpp"
#include "harden/xml_load.hpp"

namespace patchplan::harden {
namespace {

VariableValues error_values(std::string message) {
  VariableValues out;
  out.flag = Flag::kError;
  out.message = std::move(message);
  return out;
}

// Every combination of the children's values, in order (concat, arithmetic).
std::vector<std::vector<std::string>> combinations(const std::vector<VariableValues>& parts) {
  std::vector<std::vector<std::string>> out{{}};
  for (const VariableValues& part : parts) {
    std::vector<std::vector<std::string>> next;
    for (const auto& prefix : out) {
      for (const std::string& value : part.values) {
        auto extended = prefix;
        extended.push_back(value);
        next.push_back(std::move(extended));
      }
    }
    out = std::move(next);
  }
  return out;
}

std::string glob_to_regex(std::string_view glob) {
  std::string out = "^";
  for (char c : glob) {
    switch (c) {
      case '*':
        out += "[^/]*";
        break;
      case '?':
        out += "[^/]";
        break;
      case '.':
      case '(':
      case ')':
      case '+':
      case '|':
      case '^':
      case '$':
      case '{':
      case '}':
      case '\\':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out + "$";
}

std::string escape_regex(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view(".^$*+?()[]{}|\\/").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

const VariableValues& OvalEngine::variable(std::string_view id) {
  if (auto it = variables_.find(id); it != variables_.end()) return it->second;
  const pugi::xml_node node = document_.variable(id);
  VariableValues values;
  if (!node) {
    values = error_values(fmt::format("variable '{}' not found", id));
  } else {
    // Placeholder against cycles: a variable that refers to itself is an error.
    variables_.emplace(node.attribute("id").value(),
                       error_values(fmt::format("variable '{}' refers to itself", id)));
    values = evaluate_variable(node);
    values.datatype = parse_datatype(node.attribute("datatype").value());
  }
  const std::string_view key = node ? std::string_view(node.attribute("id").value()) : id;
  return variables_.insert_or_assign(key, std::move(values)).first->second;
}

VariableValues OvalEngine::evaluate_variable(const pugi::xml_node& node) {
  const std::string_view kind = local_name(node);
  VariableValues out;
  if (kind == "external_variable") {
    auto it = externals_.find(std::string_view(node.attribute("id").value()));
    if (it == externals_.end() || it->second.empty()) {
      out.flag = Flag::kDoesNotExist;
      out.message =
          fmt::format("no value for external variable '{}'", node.attribute("id").value());
      return out;
    }
    out.values = it->second;
    return out;
  }
  if (kind == "constant_variable") {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (local_name(c) == "value") out.values.push_back(node_text(c));
    }
    if (out.values.empty()) out.flag = Flag::kDoesNotExist;
    return out;
  }
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) != "notes") return component(c);
  }
  return error_values("local variable without component");
}

VariableValues OvalEngine::component(const pugi::xml_node& node) {
  const std::string_view kind = local_name(node);
  VariableValues out;
  if (kind == "literal_component") {
    out.values.push_back(node_text(node));
    return out;
  }
  if (kind == "variable_component") return variable(node.attribute("var_ref").value());
  if (kind == "object_component") {
    const Collected& collected = object(node.attribute("object_ref").value());
    const std::string_view field = node.attribute("item_field").value();
    if (collected.flag == Flag::kError) return error_values(collected.message);
    if (collected.flag != Flag::kComplete && collected.flag != Flag::kIncomplete) {
      out.flag = collected.flag == Flag::kDoesNotExist ? Flag::kDoesNotExist : Flag::kError;
      return out;
    }
    for (const Item& item : collected.items) {
      bool found = false;
      for (const ItemField& f : item.fields) {
        if (f.name == field && f.exists) {
          out.values.push_back(f.value);
          found = true;
        }
      }
      if (!found) return error_values(fmt::format("item lacks field '{}'", field));
    }
    if (out.values.empty()) out.flag = Flag::kDoesNotExist;
    return out;
  }

  // Functions: evaluate the sub-components first.
  std::vector<VariableValues> parts;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) parts.push_back(component(c));
  }
  for (const VariableValues& part : parts) {
    if (part.flag == Flag::kError) return part;
  }
  if (kind == "count") {
    std::size_t total = 0;
    Flag flag = Flag::kComplete;
    for (const VariableValues& part : parts) {
      total += part.values.size();
      if (part.flag == Flag::kDoesNotExist) flag = Flag::kDoesNotExist;
    }
    // oscap keeps "does not exist" on a count of nothing (exp 14).
    out.flag = total == 0 ? flag : Flag::kComplete;
    out.values.push_back(std::to_string(total));
    return out;
  }
  for (const VariableValues& part : parts) {
    if (part.flag != Flag::kComplete || part.values.empty()) {
      out.flag = Flag::kDoesNotExist;
      return out;
    }
  }
  if (kind == "unique") {
    for (const VariableValues& part : parts) {
      for (const std::string& value : part.values) {
        if (std::find(out.values.begin(), out.values.end(), value) == out.values.end()) {
          out.values.push_back(value);
        }
      }
    }
  } else if (kind == "concat") {
    for (const auto& combination : combinations(parts)) {
      std::string joined;
      for (const std::string& piece : combination) joined += piece;
      out.values.push_back(std::move(joined));
    }
  } else if (kind == "arithmetic") {
    const bool multiply =
        std::string_view(node.attribute("arithmetic_operation").value()) == "multiply";
    for (const auto& combination : combinations(parts)) {
      std::intmax_t result = multiply ? 1 : 0;
      for (const std::string& piece : combination) {
        std::intmax_t value = 0;
        const std::string_view text = trim(piece);
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || ptr != text.data() + text.size()) {
          return error_values(fmt::format("arithmetic on non-integer '{}'", piece));
        }
        result = multiply ? result * value : result + value;
      }
      out.values.push_back(std::to_string(result));
    }
  } else if (kind == "substring") {
    const long start =
        std::max(1L, std::strtol(node.attribute("substring_start").value(), nullptr, 10));
    const long length = std::strtol(node.attribute("substring_length").value(), nullptr, 10);
    for (const VariableValues& part : parts) {
      for (const std::string& value : part.values) {
        const auto begin = static_cast<std::size_t>(start - 1);
        if (begin >= value.size()) {
          out.values.emplace_back();
          continue;
        }
        out.values.push_back(length < 0 ? value.substr(begin)
                                        : value.substr(begin, static_cast<std::size_t>(length)));
      }
    }
  } else if (kind == "regex_capture") {
    auto regex = Regex::cached(node.attribute("pattern").value());
    if (!regex) return error_values(regex.error().message);
    for (const VariableValues& part : parts) {
      for (const std::string& value : part.values) {
        auto match = (*regex)->search(value);
        if (!match) return error_values(match.error().message);
        if (*match && !(*match)->groups.empty() && (*match)->groups[0]) {
          out.values.emplace_back(*(*match)->groups[0]);
        }
      }
    }
  } else if (kind == "split") {
    const std::string delimiter = node.attribute("delimiter").value();
    for (const VariableValues& part : parts) {
      for (const std::string& value : part.values) {
        std::size_t pos = 0;
        while (!delimiter.empty()) {
          const std::size_t next = value.find(delimiter, pos);
          out.values.push_back(value.substr(pos, next - pos));
          if (next == std::string::npos) break;
          pos = next + delimiter.size();
        }
      }
    }
  } else if (kind == "begin" || kind == "end") {
    const std::string character = node.attribute("character").value();
    for (const VariableValues& part : parts) {
      for (const std::string& value : part.values) {
        if (kind == "begin") {
          out.values.push_back(value.starts_with(character) ? value : character + value);
        } else {
          out.values.push_back(value.ends_with(character) ? value : value + character);
        }
      }
    }
  } else if (kind == "escape_regex" || kind == "glob_to_regex") {
    for (const VariableValues& part : parts) {
      for (const std::string& value : part.values) {
        out.values.push_back(kind == "escape_regex" ? escape_regex(value) : glob_to_regex(value));
      }
    }
  } else {
    return error_values(fmt::format("unsupported variable function '{}'", kind));
  }
  if (out.values.empty()) out.flag = Flag::kDoesNotExist;
  return out;
}

}  // namespace patchplan::harden
