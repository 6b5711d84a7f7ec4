// AptConfig: apt's configuration space (apt.conf(5)), a tree of "A::B::C" tags with
// values, looked up as apt's Configuration class does (apt-pkg/contrib/configuration.cc).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace patchplan::updates {

class AptConfig {
 public:
  // One node: a tag (empty for list members), its value and its children in order.
  struct Item {
    std::string tag;
    std::string value;
    Item* parent = nullptr;
    std::vector<std::unique_ptr<Item>> children;

    // "A::B::C"; list members end in "::".
    [[nodiscard]] std::string full_tag() const;
  };

  AptConfig();
  AptConfig(AptConfig&&) noexcept = default;
  AptConfig& operator=(AptConfig&&) noexcept = default;

  // The configuration apt starts from before reading any file: the Dir:: defaults of
  // apt 2.6 (apt-config dump Dir on Debian 12) and no architectures.
  static AptConfig with_defaults();

  // Sets `name` to `value`, creating the path; tags match case-insensitively. A name
  // ending in "::" appends a new list member.
  void set(std::string_view name, std::string value);

  // #clear: empties the value and removes every child of `name`, if it exists.
  void clear(std::string_view name);

  // The item for `name`, or nullptr. A trailing "::" never matches.
  [[nodiscard]] const Item* lookup(std::string_view name) const;

  // The value, or `fallback` when unset or empty (Configuration::Find).
  [[nodiscard]] std::string find(std::string_view name, std::string_view fallback = {}) const;

  // Configuration::FindB: StringToBool of the value, `fallback` when unset.
  [[nodiscard]] bool find_bool(std::string_view name, bool fallback) const;

  // Configuration::FindVector: the value split at ',' when the item has a value,
  // otherwise the values of its children.
  [[nodiscard]] std::vector<std::string> find_vector(std::string_view name) const;

  // Configuration::FindFile: a relative value is prefixed with its parents' values
  // ("Dir::State::lists" -> "/var/lib/apt/lists/"); an absolute, "./", "../" or "~/"
  // value stops the walk. FindDir also ends the result in '/'.
  [[nodiscard]] std::string find_file(std::string_view name, std::string_view fallback = {}) const;
  [[nodiscard]] std::string find_dir(std::string_view name, std::string_view fallback = {}) const;

  // Every item below `root` (everything when empty), one `TAG "VALUE";` line each,
  // depth first, as `apt-config dump ROOT` prints them.
  [[nodiscard]] std::string dump(std::string_view root = {}) const;

 private:
  Item* lookup_or_create(std::string_view name, bool create);

  std::unique_ptr<Item> root_;
};

}  // namespace patchplan::updates
