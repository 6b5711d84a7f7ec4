// Name rules of Debian Policy 5.6.1 and dpkg's architecture names.
#include "inventory/debian_names.hpp"

namespace patchplan::inventory {
namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }

}  // namespace

bool is_valid_package_name(std::string_view name) {
  if (name.size() < 2 || !is_lower_alnum(name.front())) return false;
  for (char c : name) {
    if (!is_lower_alnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

bool is_valid_architecture_name(std::string_view name) {
  if (name.empty() || !is_alnum(name.front())) return false;
  for (char c : name) {
    if (!is_alnum(c) && c != '-') return false;
  }
  return true;
}

}  // namespace patchplan::inventory
