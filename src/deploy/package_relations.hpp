// Debian package relation fields as they appear in binary stanzas (Depends, Pre-Depends,
// Breaks, Conflicts, Provides: Debian Policy 7.1, with the multiarch qualifiers of
// deb-control(5)), parsed into groups of alternatives.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"

namespace patchplan::deploy {

// A relation's version operator; "<" and ">" are the obsolete spellings of "<=" and ">="
// (Policy 7.1), read as those.
enum class RelationOp { kAny, kLess, kLessEqual, kEqual, kGreaterEqual, kGreater };

struct Relation {
  std::string name;
  std::string arch_qualifier;  // "" or what follows ':' ("any", "native", an architecture)
  RelationOp op = RelationOp::kAny;
  std::string version;  // empty with kAny

  // Whether `version` (a valid Debian version) meets the relation's constraint.
  [[nodiscard]] bool accepts(std::string_view candidate) const;
};

// The raw relation fields of one package version, as its stanza has them.
struct RelationFields {
  std::string depends;
  std::string pre_depends;
  std::string breaks;
  std::string conflicts;
  std::string provides;
};

// One comma-separated entry: satisfied when any of its alternatives is.
using RelationGroup = std::vector<Relation>;

// Parses a relation field's value. Architecture restrictions ("[...]") and build profiles
// ("<...>") belong to source stanzas and are refused here, as is any malformed entry:
// kInvalidInput naming `field` and the entry.
Expected<std::vector<RelationGroup>> parse_relations(std::string_view value,
                                                     std::string_view field);

}  // namespace patchplan::deploy
