// fnmatch(3) globs and a stable name hash.
#include "plan/glob.hpp"

#include <fnmatch.h>

#include <cstdint>

namespace patchplan::plan {

bool glob_matches(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

const std::string* first_match(const std::vector<std::string>& patterns, const std::string& text) {
  for (const auto& pattern : patterns) {
    if (glob_matches(pattern, text)) return &pattern;
  }
  return nullptr;
}

std::optional<std::pair<std::string, std::string>> find_hold_conflict(
    const std::vector<std::string>& hold, const std::vector<std::string>& release) {
  for (const auto& h : hold) {
    for (const auto& r : release) {
      if (h == r || glob_matches(r, h)) return std::pair{h, r};
    }
  }
  return std::nullopt;
}

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace patchplan::plan
