// Parsing and printing of Debian versions, after dpkg's parseversion (lib/dpkg/parsehelp.c).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "versions/deb_version.hpp"
#include "versions/version_parts.hpp"

namespace patchplan::versions {
namespace {

// Messages show at most this many bytes of the offending version.
constexpr std::size_t kMaxQuotedBytes = 80;

// The largest epoch has 10 digits; more significant digits cannot fit.
constexpr std::size_t kMaxEpochDigits = 10;

// dpkg's c_isblank, c_isdigit and c_isalpha: ASCII only, independent of the locale.
constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Characters dpkg takes without warning (Policy 5.6.12 lists the same sets): alphanumerics
// and ".-+~:" in the upstream part, alphanumerics and ".+~" in the revision.
enum CharClass : unsigned char { kUpstreamChar = 1, kRevisionChar = 2 };

constexpr std::array<unsigned char, 256> make_char_classes() {
  std::array<unsigned char, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    if (is_digit(ch) || is_alpha(ch) || ch == '.' || ch == '+' || ch == '~') {
      classes[static_cast<std::size_t>(c)] = kUpstreamChar | kRevisionChar;
    } else if (ch == '-' || ch == ':') {
      classes[static_cast<std::size_t>(c)] = kUpstreamChar;
    }
  }
  return classes;
}
constexpr std::array<unsigned char, 256> kCharClasses = make_char_classes();

bool is_upstream_char(char c) {
  return (kCharClasses[static_cast<unsigned char>(c)] & kUpstreamChar) != 0;
}
bool is_revision_char(char c) {
  return (kCharClasses[static_cast<unsigned char>(c)] & kRevisionChar) != 0;
}

// `text` fit for a one-line message: printable ASCII kept, other bytes escaped as \n, \t
// or \xNN, and anything past kMaxQuotedBytes replaced by its length.
std::string printable(std::string_view text) {
  std::string out;
  auto sink = std::back_inserter(out);
  for (char c : text.substr(0, kMaxQuotedBytes)) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (byte < 0x20 || byte >= 0x7f) {
      fmt::format_to(sink, "\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  if (text.size() > kMaxQuotedBytes) {
    fmt::format_to(sink, "... ({} bytes)", text.size());
  }
  return out;
}

Error invalid(std::string_view version, std::string_view reason) {
  return make_error(ErrorCode::kInvalidInput, "invalid version '{}': {}", printable(version),
                    reason);
}

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// The epoch: digits only (leading zeros allowed), at most kMaxEpoch.
Expected<std::uint32_t> parse_epoch(std::string_view version, std::string_view digits) {
  if (digits.empty()) return invalid(version, "empty epoch before ':'");
  if (!std::all_of(digits.begin(), digits.end(), is_digit)) {
    return invalid(version, fmt::format("epoch '{}' is not a number", printable(digits)));
  }
  const std::string_view significant =
      digits.substr(std::min(digits.find_first_not_of('0'), digits.size()));
  std::uint64_t value = 0;
  for (char c : significant.substr(0, kMaxEpochDigits + 1)) {
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (significant.size() > kMaxEpochDigits || value > kMaxEpoch) {
    return invalid(version,
                   fmt::format("epoch '{}' is larger than {}", printable(digits), kMaxEpoch));
  }
  return static_cast<std::uint32_t>(value);
}

// Checks the characters of the upstream part and the revision, as dpkg's final loops do.
Status check_characters(std::string_view version, const detail::VersionParts& parts) {
  if (parts.upstream.empty()) return invalid(version, "empty upstream version");
  if (!is_digit(parts.upstream.front())) {
    return invalid(version, fmt::format("upstream version '{}' does not start with a digit",
                                        printable(parts.upstream)));
  }
  auto bad = std::find_if_not(parts.upstream.begin(), parts.upstream.end(), is_upstream_char);
  if (bad != parts.upstream.end()) {
    return invalid(version, fmt::format("invalid character '{}' in upstream version",
                                        printable(std::string_view(&*bad, 1))));
  }
  bad = std::find_if_not(parts.revision.begin(), parts.revision.end(), is_revision_char);
  if (bad != parts.revision.end()) {
    return invalid(version, fmt::format("invalid character '{}' in revision",
                                        printable(std::string_view(&*bad, 1))));
  }
  return ok();
}

}  // namespace

namespace detail {

// The steps and their order follow parseversion, so the first fault reported is dpkg's.
Expected<VersionParts> split_version(std::string_view text) {
  std::string_view rest = trim_blanks(text);
  if (rest.empty()) return invalid(text, "empty version string");
  if (std::any_of(rest.begin(), rest.end(), is_blank)) return invalid(text, "embedded blank");

  VersionParts parts;
  if (const std::size_t colon = rest.find(':'); colon != std::string_view::npos) {
    Expected<std::uint32_t> epoch = parse_epoch(text, rest.substr(0, colon));
    if (!epoch) return epoch.error();
    if (colon + 1 == rest.size()) return invalid(text, "nothing after the epoch's ':'");
    parts.epoch = *epoch;
    rest.remove_prefix(colon + 1);
  }

  if (const std::size_t hyphen = rest.rfind('-'); hyphen != std::string_view::npos) {
    parts.revision = rest.substr(hyphen + 1);
    if (parts.revision.empty()) return invalid(text, "empty revision after the last '-'");
    rest = rest.substr(0, hyphen);
  }
  parts.upstream = rest;

  if (Status checked = check_characters(text, parts); !checked) return checked.error();
  return parts;
}

}  // namespace detail

Expected<DebVersion> parse_deb_version(std::string_view text) {
  Expected<detail::VersionParts> parts = detail::split_version(text);
  if (!parts) return parts.error();
  return DebVersion{parts->epoch, std::string(parts->upstream), std::string(parts->revision)};
}

std::string DebVersion::to_string() const {
  std::string out;
  if (epoch != 0 || upstream.find(':') != std::string::npos) out = fmt::format("{}:", epoch);
  out += upstream;
  if (!revision.empty()) {
    out += '-';
    out += revision;
  }
  return out;
}

}  // namespace patchplan::versions
