// The configuration tree and its lookups, as apt-pkg/contrib/configuration.cc (apt 2.6)
// defines them: Lookup, Set, Clear, Find, FindB, FindVector, FindFile, FindDir, Dump.
#include "updates/apt_config.hpp"

#include "updates/apt_words.hpp"

namespace patchplan::updates {
namespace {

using detail::equals_ignore_case;

// flNormalize (apt-pkg/contrib/fileutl.cc): drops "/./" and "//", keeps "/dev/null" bare.
std::string normalize_path(std::string path) {
  for (std::size_t found; (found = path.find("/./")) != std::string::npos;) {
    path.replace(found, 3, "/");
  }
  for (std::size_t found; (found = path.find("//")) != std::string::npos;) {
    path.replace(found, 2, "/");
  }
  if (path.starts_with("/dev/null")) path.erase(9);
  return path;
}

void dump_item(const AptConfig::Item& item, std::string& out) {
  out += detail::quote_string(item.full_tag(), "=\"\n");
  out += " \"";
  out += item.value;
  out += "\";\n";
  for (const auto& child : item.children) dump_item(*child, out);
}

}  // namespace

std::string AptConfig::Item::full_tag() const {
  if (parent == nullptr || parent->parent == nullptr) return tag;
  return parent->full_tag() + "::" + tag;
}

AptConfig::AptConfig() : root_(std::make_unique<Item>()) {}

AptConfig AptConfig::with_defaults() {
  AptConfig config;
  for (auto [name, value] : {
           std::pair{"Dir", "/"},
           {"Dir::State", "var/lib/apt"},
           {"Dir::State::lists", "lists/"},
           {"Dir::State::status", "/var/lib/dpkg/status"},
           {"Dir::Etc", "etc/apt"},
           {"Dir::Etc::sourcelist", "sources.list"},
           {"Dir::Etc::sourceparts", "sources.list.d"},
           {"Dir::Etc::main", "apt.conf"},
           {"Dir::Etc::parts", "apt.conf.d"},
           {"Dir::Etc::preferences", "preferences"},
           {"Dir::Etc::preferencesparts", "preferences.d"},
       }) {
    config.set(name, value);
  }
  return config;
}

AptConfig::Item* AptConfig::lookup_or_create(std::string_view name, bool create) {
  // One step down: a child whose tag equals `tag`; an empty tag never matches, so with
  // `create` it appends a new (list) member.
  auto step = [create](Item* head, std::string_view tag) -> Item* {
    if (!tag.empty()) {
      for (auto& child : head->children) {
        if (equals_ignore_case(child->tag, tag)) return child.get();
      }
    }
    if (!create) return nullptr;
    auto item = std::make_unique<Item>();
    item->tag = std::string(tag);
    item->parent = head;
    head->children.push_back(std::move(item));
    return head->children.back().get();
  };

  // Split at "::" exactly like Configuration::Lookup, including its skip of the first
  // character after each separator.
  Item* item = root_.get();
  std::size_t start = 0;
  for (std::size_t tag_end = 0; tag_end + 2 <= name.size(); ++tag_end) {
    if (name[tag_end] == ':' && name[tag_end + 1] == ':') {
      item = step(item, name.substr(start, tag_end - start));
      if (item == nullptr) return nullptr;
      tag_end = start = tag_end + 2;
    }
  }
  if (start == name.size() && !create) return nullptr;
  return step(item, name.substr(start));
}

void AptConfig::set(std::string_view name, std::string value) {
  lookup_or_create(name, true)->value = std::move(value);
}

void AptConfig::clear(std::string_view name) {
  Item* item = lookup_or_create(name, false);
  if (item == nullptr) return;
  item->value.clear();
  item->children.clear();
}

const AptConfig::Item* AptConfig::lookup(std::string_view name) const {
  return const_cast<AptConfig*>(this)->lookup_or_create(name, false);
}

std::string AptConfig::find(std::string_view name, std::string_view fallback) const {
  const Item* item = lookup(name);
  if (item == nullptr || item->value.empty()) return std::string(fallback);
  return item->value;
}

bool AptConfig::find_bool(std::string_view name, bool fallback) const {
  const Item* item = lookup(name);
  if (item == nullptr || item->value.empty()) return fallback;
  return detail::string_to_bool(item->value, fallback ? 1 : 0) != 0;
}

std::vector<std::string> AptConfig::find_vector(std::string_view name) const {
  const Item* item = lookup(name);
  if (item == nullptr) return {};
  if (!item->value.empty()) return detail::vectorize(item->value, ',');
  std::vector<std::string> values;
  for (const auto& child : item->children) values.push_back(child->value);
  return values;
}

std::string AptConfig::find_file(std::string_view name, std::string_view fallback) const {
  std::string result = find("RootDir");
  if (!result.empty() && result.back() != '/') result.push_back('/');

  const Item* item = lookup(name);
  if (item == nullptr || item->value.empty()) {
    result.append(fallback);
    return normalize_path(result);
  }
  std::string value = item->value;
  for (; item->parent != nullptr; item = item->parent) {
    const std::string& parent_value = item->parent->value;
    if (parent_value.empty()) continue;
    if (value.starts_with('/')) {
      if (value.starts_with("/dev/null")) value.erase(9);
      break;
    }
    if (value.starts_with("~/") || value.starts_with("./") || value.starts_with("../")) break;
    if (parent_value.back() != '/') value.insert(0, "/");
    value.insert(0, parent_value);
  }
  result.append(value);
  return normalize_path(result);
}

std::string AptConfig::find_dir(std::string_view name, std::string_view fallback) const {
  std::string path = find_file(name, fallback);
  if (path.empty() || path.back() == '/' || path.ends_with("/dev/null")) return path;
  return path + '/';
}

std::string AptConfig::dump(std::string_view root) const {
  std::string out;
  if (root.empty()) {
    for (const auto& child : root_->children) dump_item(*child, out);
    return out;
  }
  if (const Item* item = lookup(root)) dump_item(*item, out);
  return out;
}

}  // namespace patchplan::updates
