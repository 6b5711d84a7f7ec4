// PCRE2 regular expressions as OVAL's "pattern match" uses them (UTF-8, checked), with match
// and depth limits so that a catastrophically backtracking pattern fails instead of hanging.
#pragma once

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"

namespace patchplan::harden {

struct RegexOptions {
  bool multiline = false;  // ^ and $ at every line
  bool dotall = false;     // . matches newlines
  bool caseless = false;
};

// One match: the whole match and the capture groups (nullopt: group did not participate).
struct RegexMatch {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::vector<std::optional<std::string_view>> groups;
};

class Regex {
 public:
  // Compiles `pattern`; a syntax error is kInvalidInput naming the pattern.
  static Expected<std::shared_ptr<const Regex>> compile(std::string_view pattern,
                                                        RegexOptions options = {});

  // Compiled once per (pattern, options) for the whole process.
  static Expected<std::shared_ptr<const Regex>> cached(std::string_view pattern,
                                                       RegexOptions options = {});

  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // Searches `subject` from `offset`. nullopt: no match. Error: invalid UTF-8 or the match
  // limit was hit.
  [[nodiscard]] Expected<std::optional<RegexMatch>> search(std::string_view subject,
                                                           std::size_t offset = 0) const;

  // True if `subject` matches or could match if it went on (PCRE2 hard partial matching).
  [[nodiscard]] bool could_match_prefix(std::string_view subject) const;

  [[nodiscard]] const std::string& pattern() const { return pattern_; }

 private:
  Regex(std::string pattern, pcre2_code* code) : pattern_(std::move(pattern)), code_(code) {}
  std::string pattern_;
  pcre2_code* code_;
};

}  // namespace patchplan::harden
