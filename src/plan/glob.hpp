// Globs on package and host names (fnmatch(3), no flags) and the hold/release clash check.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace patchplan::plan {

bool glob_matches(const std::string& pattern, const std::string& text);

// The first pattern of `patterns` matching `text`, or nullptr.
const std::string* first_match(const std::vector<std::string>& patterns, const std::string& text);

// A release names exceptions to the holds ("linux-*" held, "linux-libc-dev" released).
// A (hold, release) pair where the release cancels the hold entirely (equal, or the
// release glob matches the hold's own text: hold "openssl", release "openssl*") is a
// contradiction; std::nullopt when there is none.
std::optional<std::pair<std::string, std::string>> find_hold_conflict(
    const std::vector<std::string>& hold, const std::vector<std::string>& release);

// FNV-1a, 64 bits: stable across runs and machines (std::hash is not).
std::uint64_t stable_hash(std::string_view text);

}  // namespace patchplan::plan
