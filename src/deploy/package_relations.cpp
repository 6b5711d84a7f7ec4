// The relation parser: entries split on ',', alternatives on '|', each "name[:qual]
// [(op version)]" with free blanks between the parts (dpkg's lib/dpkg/fields.c
// f_dependency accepts the same layout).
#include "deploy/package_relations.hpp"

#include "common/deb822.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::deploy {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Package names: Policy 5.6.1 (lower case letters, digits, "+-."), plus upper case that
// old stanzas still carry; qualifiers are architecture names (same characters).
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

std::vector<std::string_view> split_on(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? text.npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

Expected<RelationOp> parse_op(std::string_view text) {
  if (text == "<<") return RelationOp::kLess;
  if (text == "<=" || text == "<") return RelationOp::kLessEqual;
  if (text == "=") return RelationOp::kEqual;
  if (text == ">=" || text == ">") return RelationOp::kGreaterEqual;
  if (text == ">>") return RelationOp::kGreater;
  return make_error(ErrorCode::kInvalidInput, "unknown operator '{}'", text);
}

Expected<Relation> parse_one(std::string_view text) {
  Relation relation;
  std::size_t pos = 0;
  auto skip_blanks = [&] {
    while (pos < text.size() && is_blank(text[pos])) ++pos;
  };
  skip_blanks();
  std::size_t start = pos;
  while (pos < text.size() && is_name_char(text[pos])) ++pos;
  relation.name.assign(text.substr(start, pos - start));
  if (relation.name.empty()) return make_error(ErrorCode::kInvalidInput, "no package name");
  if (pos < text.size() && text[pos] == ':') {
    start = ++pos;
    while (pos < text.size() && is_name_char(text[pos])) ++pos;
    relation.arch_qualifier.assign(text.substr(start, pos - start));
    if (relation.arch_qualifier.empty()) {
      return make_error(ErrorCode::kInvalidInput, "empty architecture qualifier");
    }
  }
  skip_blanks();
  if (pos < text.size() && text[pos] == '(') {
    std::size_t close = text.find(')', pos);
    if (close == std::string_view::npos) {
      return make_error(ErrorCode::kInvalidInput, "unclosed version");
    }
    std::string_view inside = trim(text.substr(pos + 1, close - pos - 1));
    std::size_t op_end = 0;
    while (op_end < inside.size() &&
           (inside[op_end] == '<' || inside[op_end] == '>' || inside[op_end] == '=')) {
      ++op_end;
    }
    auto op = parse_op(inside.substr(0, op_end));
    if (!op) return op.error();
    relation.op = *op;
    relation.version.assign(trim(inside.substr(op_end)));
    if (auto valid = versions::parse_deb_version(relation.version); !valid) return valid.error();
    pos = close + 1;
    skip_blanks();
  }
  if (pos != text.size()) {
    return make_error(ErrorCode::kInvalidInput, "unexpected '{}'", text.substr(pos));
  }
  return relation;
}

}  // namespace

bool Relation::accepts(std::string_view candidate) const {
  if (op == RelationOp::kAny) return true;
  int order = versions::compare_deb_version_strings(candidate, version);
  switch (op) {
    case RelationOp::kLess:
      return order < 0;
    case RelationOp::kLessEqual:
      return order <= 0;
    case RelationOp::kEqual:
      return order == 0;
    case RelationOp::kGreaterEqual:
      return order >= 0;
    case RelationOp::kGreater:
      return order > 0;
    case RelationOp::kAny:
      break;
  }
  return true;
}

Expected<std::vector<RelationGroup>> parse_relations(std::string_view value,
                                                     std::string_view field) {
  std::vector<RelationGroup> groups;
  if (trim(value).empty()) return groups;
  for (std::string_view entry : split_on(value, ',')) {
    RelationGroup group;
    for (std::string_view alternative : split_on(entry, '|')) {
      auto relation = parse_one(alternative);
      if (!relation) {
        return make_error(ErrorCode::kInvalidInput, "{} entry '{}': {}", field, trim(entry),
                          relation.error().message);
      }
      group.push_back(std::move(*relation));
    }
    groups.push_back(std::move(group));
  }
  return groups;
}

}  // namespace patchplan::deploy
