// Diagnostics on stderr through spdlog, with per-category debug switches.
#include "common/diagnostics.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <array>
#include <bitset>

namespace patchplan::diag {
namespace {

constexpr std::array<std::string_view, 7> kCategories = {
    "cli", "inventory", "updates", "versions", "store", "journal", "report"};

struct State {
  std::shared_ptr<spdlog::logger> logger;
  std::bitset<kCategories.size()> enabled;
};

State& state() {
  static State instance = [] {
    auto logger = spdlog::stderr_logger_st("patchplan-diagnostics");
    logger->set_pattern("patchplan: %l: %v");
    logger->set_level(spdlog::level::warn);
    return State{std::move(logger), {}};
  }();
  return instance;
}

}  // namespace

std::span<const std::string_view> debug_categories() { return kCategories; }

Status configure(Verbosity verbosity, std::string_view debug_list) {
  State& s = state();
  s.enabled.reset();
  while (!debug_list.empty()) {
    std::size_t comma = debug_list.find(',');
    std::string_view name = debug_list.substr(0, comma);
    debug_list =
        comma == std::string_view::npos ? std::string_view{} : debug_list.substr(comma + 1);
    if (name.empty()) continue;
    if (name == "all") {
      s.enabled.set();
      continue;
    }
    std::size_t i = 0;
    while (i < kCategories.size() && kCategories[i] != name) ++i;
    if (i == kCategories.size()) {
      return make_error(ErrorCode::kUsage, "unknown debug category '{}' (known: all, {})", name,
                        fmt::join(kCategories, ", "));
    }
    s.enabled.set(i);
  }
  spdlog::level::level_enum level = verbosity == Verbosity::kQuiet     ? spdlog::level::err
                                    : verbosity == Verbosity::kVerbose ? spdlog::level::info
                                                                       : spdlog::level::warn;
  if (s.enabled.any()) level = spdlog::level::debug;
  s.logger->set_level(level);
  return ok();
}

bool debug_enabled(std::string_view category) {
  const State& s = state();
  for (std::size_t i = 0; i < kCategories.size(); ++i) {
    if (kCategories[i] == category) return s.enabled.test(i);
  }
  return false;
}

void emit_warning(std::string_view message) { state().logger->warn("{}", message); }
void emit_info(std::string_view message) { state().logger->info("{}", message); }
void emit_debug(std::string_view category, std::string_view message) {
  state().logger->debug("[{}] {}", category, message);
}

}  // namespace patchplan::diag
