// Diagnostics: the stream of warnings, progress and debug notes on stderr. Quiet on
// success by default; named debug categories switch on with --debug=a,b. This is not
// the change journal, which is product data kept in the store.
#pragma once

#include <fmt/format.h>

#include <span>
#include <string>
#include <string_view>

#include "common/expected.hpp"

namespace patchplan::diag {

enum class Verbosity { kQuiet, kNormal, kVerbose };

// The debug categories a user may name; "all" enables every one.
std::span<const std::string_view> debug_categories();

// Sets the level and the enabled debug categories (comma-separated list). Unknown
// categories are a usage error that lists the known ones.
Status configure(Verbosity verbosity, std::string_view debug_list);

[[nodiscard]] bool debug_enabled(std::string_view category);

void emit_warning(std::string_view message);
void emit_info(std::string_view message);
void emit_debug(std::string_view category, std::string_view message);

template <typename... Args>
void warning(fmt::format_string<Args...> format, Args&&... args) {
  emit_warning(fmt::format(format, std::forward<Args>(args)...));
}

template <typename... Args>
void info(fmt::format_string<Args...> format, Args&&... args) {
  emit_info(fmt::format(format, std::forward<Args>(args)...));
}

// Formats only when the category is enabled, so debug notes cost nothing otherwise.
template <typename... Args>
void debug(std::string_view category, fmt::format_string<Args...> format, Args&&... args) {
  if (debug_enabled(category))
    emit_debug(category, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace patchplan::diag
