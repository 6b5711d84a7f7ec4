// PCRE2 wrapper: compile cache, limits, partial matching for path pruning.
#include "harden/regex.hpp"

#include <map>
#include <mutex>

namespace patchplan::harden {
namespace {

// Bounds comparable to OpenSCAP's PCRE recursion limit (OSCAP_PCRE_EXEC_RECURSION_LIMIT).
constexpr std::uint32_t kMatchLimit = 10'000'000;
constexpr std::uint32_t kDepthLimit = 5'000;

struct MatchContext {
  pcre2_match_context* context = nullptr;
  MatchContext() {
    context = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(context, kMatchLimit);
    pcre2_set_depth_limit(context, kDepthLimit);
  }
  ~MatchContext() { pcre2_match_context_free(context); }
};

pcre2_match_context* match_context() {
  static MatchContext context;
  return context.context;
}

std::string pcre_message(int code) {
  PCRE2_UCHAR buffer[256];
  pcre2_get_error_message(code, buffer, sizeof buffer);
  return reinterpret_cast<const char*>(buffer);
}

struct MatchData {
  pcre2_match_data* data;
  explicit MatchData(const pcre2_code* code)
      : data(pcre2_match_data_create_from_pattern(code, nullptr)) {}
  ~MatchData() { pcre2_match_data_free(data); }
  MatchData(const MatchData&) = delete;
  MatchData& operator=(const MatchData&) = delete;
};

}  // namespace

Regex::~Regex() { pcre2_code_free(code_); }

Expected<std::shared_ptr<const Regex>> Regex::compile(std::string_view pattern,
                                                      RegexOptions options) {
  std::uint32_t flags = PCRE2_UTF;
  if (options.multiline) flags |= PCRE2_MULTILINE;
  if (options.dotall) flags |= PCRE2_DOTALL;
  if (options.caseless) flags |= PCRE2_CASELESS;
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   flags, &error, &offset, nullptr);
  if (code == nullptr) {
    return make_error(ErrorCode::kInvalidInput, "invalid pattern '{}' at offset {}: {}", pattern,
                      offset, pcre_message(error));
  }
  return std::shared_ptr<const Regex>(new Regex(std::string(pattern), code));
}

Expected<std::shared_ptr<const Regex>> Regex::cached(std::string_view pattern,
                                                     RegexOptions options) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, int>, std::shared_ptr<const Regex>> cache;
  const int key =
      (options.multiline ? 1 : 0) | (options.dotall ? 2 : 0) | (options.caseless ? 4 : 0);
  std::lock_guard lock(mutex);
  auto it = cache.find({std::string(pattern), key});
  if (it != cache.end()) return it->second;
  auto compiled = compile(pattern, options);
  if (!compiled) return compiled.error();
  cache.emplace(std::pair(std::string(pattern), key), *compiled);
  return *compiled;
}

Expected<std::optional<RegexMatch>> Regex::search(std::string_view subject,
                                                  std::size_t offset) const {
  MatchData match(code_);
  const int rc =
      pcre2_match(code_, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), offset,
                  offset > 0 ? PCRE2_NO_UTF_CHECK : 0, match.data, match_context());
  if (rc == PCRE2_ERROR_NOMATCH) return std::optional<RegexMatch>();
  if (rc < 0) {
    return make_error(ErrorCode::kInvalidInput, "pattern '{}': {}", pattern_, pcre_message(rc));
  }
  const PCRE2_SIZE* vector = pcre2_get_ovector_pointer(match.data);
  std::uint32_t groups = 0;
  pcre2_pattern_info(code_, PCRE2_INFO_CAPTURECOUNT, &groups);
  RegexMatch result;
  result.begin = vector[0];
  result.end = vector[1];
  for (std::uint32_t i = 1; i <= groups; ++i) {
    if (static_cast<int>(i) >= rc || vector[2 * i] == PCRE2_UNSET) {
      result.groups.emplace_back(std::nullopt);
    } else {
      result.groups.emplace_back(subject.substr(vector[2 * i], vector[2 * i + 1] - vector[2 * i]));
    }
  }
  return std::optional<RegexMatch>(std::move(result));
}

bool Regex::could_match_prefix(std::string_view subject) const {
  MatchData match(code_);
  const int rc = pcre2_match(code_, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0,
                             PCRE2_PARTIAL_HARD, match.data, match_context());
  return rc >= 0 || rc == PCRE2_ERROR_PARTIAL;
}

}  // namespace patchplan::harden
