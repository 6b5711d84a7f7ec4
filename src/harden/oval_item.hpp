// Collected OVAL items and objects (OVAL 5.11 system characteristics): an item is a list of
// named entity values, an object is its flag and items.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harden/oval_compare.hpp"

namespace patchplan::harden {

struct ItemField {
  std::string name;
  std::string value;
  bool exists = true;  // false: status "does not exist" (e.g. an unknown partition uuid)
};

struct Item {
  std::vector<ItemField> fields;

  void add(std::string name, std::string value) {
    fields.push_back({std::move(name), std::move(value), true});
  }
  // The first field called `name`, or nullptr.
  [[nodiscard]] const ItemField* find(std::string_view name) const {
    for (const ItemField& field : fields) {
      if (field.name == name) return &field;
    }
    return nullptr;
  }
  bool operator==(const Item& other) const;
};

inline bool operator==(const ItemField& a, const ItemField& b) {
  return a.name == b.name && a.value == b.value && a.exists == b.exists;
}
inline bool Item::operator==(const Item& other) const { return fields == other.fields; }

// The collected-object flag (OVAL 5.11 FlagEnumeration).
enum class Flag { kComplete, kIncomplete, kDoesNotExist, kError, kNotCollected, kNotApplicable };

std::string_view flag_name(Flag flag);

struct Collected {
  Flag flag = Flag::kComplete;
  std::vector<Item> items;
  std::string message;  // why error / not collected / does not exist, for reports
};

// The values of an OVAL variable, typed by the variable's datatype.
struct VariableValues {
  Flag flag = Flag::kComplete;  // complete, error or does not exist (no values)
  Datatype datatype = Datatype::kString;
  std::vector<std::string> values;
  std::string message;
};

}  // namespace patchplan::harden
