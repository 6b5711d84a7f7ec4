// Ordering of Debian versions: dpkg's verrevcmp and dpkg_version_compare
// (lib/dpkg/version.c), as specified by Debian Policy 5.6.12.
#include <array>
#include <cstdint>
#include <string_view>

#include "versions/deb_version.hpp"
#include "versions/version_parts.hpp"

namespace patchplan::versions {
namespace {

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// dpkg's order(): the weight of a character in a non-digit run. '~' sorts before
// everything, even the end of the part (weight 0); letters (their ASCII code) sort before
// all other characters (code + 256). Digits weigh 0 but never meet a non-digit here.
// NUL, which dpkg never sees inside a string, weighs as an ordinary character so that an
// embedded NUL in invalid input cannot be mistaken for the end.
constexpr std::array<int, 256> make_order_table() {
  std::array<int, 256> table{};
  for (int c = 0; c < 256; ++c) {
    if (c >= '0' && c <= '9') {
      table[static_cast<std::size_t>(c)] = 0;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      table[static_cast<std::size_t>(c)] = c;
    } else if (c == '~') {
      table[static_cast<std::size_t>(c)] = -1;
    } else {
      table[static_cast<std::size_t>(c)] = c + 256;
    }
  }
  return table;
}
constexpr std::array<int, 256> kOrder = make_order_table();

// A part being walked; the end of the part weighs 0 like dpkg's terminating NUL.
struct Cursor {
  const unsigned char* at;
  const unsigned char* end;

  explicit Cursor(std::string_view part)
      : at(reinterpret_cast<const unsigned char*>(part.data())), end(at + part.size()) {}
  [[nodiscard]] bool done() const { return at == end; }
  [[nodiscard]] bool on_digit() const { return at != end && is_digit(*at); }
  [[nodiscard]] bool on_non_digit() const { return at != end && !is_digit(*at); }
  [[nodiscard]] int weight() const { return at == end ? 0 : kOrder[*at]; }
};

// Moves both cursors past their longest common prefix, then back to the start of the digit
// run it ends in. Inside a common prefix verrevcmp walks both parts in step and finds no
// difference; it ends a digit run only where both runs end, so resuming after a non-digit
// (or at the start) gives verrevcmp's result unchanged.
void skip_common_prefix(Cursor& a, Cursor& b) {
  const unsigned char* const a_start = a.at;
  while (!a.done() && !b.done() && *a.at == *b.at) {
    ++a.at;
    ++b.at;
  }
  while (a.at != a_start && is_digit(a.at[-1])) {
    --a.at;
    --b.at;
  }
}

}  // namespace

namespace detail {

// Alternates a non-digit run, compared character by character with order(), and a digit
// run, compared numerically: leading zeros skipped, then the longer run is larger, else the
// first differing digit decides. No digit run is ever converted, so any length is exact.
int verrevcmp(std::string_view a_part, std::string_view b_part) {
  Cursor a(a_part);
  Cursor b(b_part);
  skip_common_prefix(a, b);
  while (!a.done() || !b.done()) {
    while (a.on_non_digit() || b.on_non_digit()) {
      const int a_weight = a.weight();
      const int b_weight = b.weight();
      if (a_weight != b_weight) return a_weight - b_weight;
      ++a.at;
      ++b.at;
    }

    while (!a.done() && *a.at == '0') ++a.at;
    while (!b.done() && *b.at == '0') ++b.at;
    int first_diff = 0;
    while (a.on_digit() && b.on_digit()) {
      if (first_diff == 0) first_diff = *a.at - *b.at;
      ++a.at;
      ++b.at;
    }
    if (a.on_digit()) return 1;
    if (b.on_digit()) return -1;
    if (first_diff != 0) return first_diff;
  }
  return 0;
}

int compare_parts(const VersionParts& a, const VersionParts& b) {
  if (a.epoch != b.epoch) return a.epoch < b.epoch ? -1 : 1;
  if (const int upstream = verrevcmp(a.upstream, b.upstream); upstream != 0) return upstream;
  return verrevcmp(a.revision, b.revision);
}

// On a valid version the epoch is digits only and no ':' can appear without it, so the
// epoch exists exactly when the leading digit run ends in ':'. The revision is found from
// the end. Both scans stay short on typical versions ("2.36-9+deb12u4").
VersionParts split_valid_version(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);

  VersionParts parts;
  std::size_t digits = 0;
  while (digits < text.size() && is_digit(static_cast<unsigned char>(text[digits]))) ++digits;
  std::size_t upstream_begin = 0;
  if (digits < text.size() && text[digits] == ':') {
    for (char c : text.substr(0, digits)) {
      parts.epoch = parts.epoch * 10u + static_cast<std::uint32_t>(c - '0');
    }
    upstream_begin = digits + 1;
  }

  std::size_t revision_begin = text.size();
  while (revision_begin > upstream_begin && text[revision_begin - 1] != '-') --revision_begin;
  if (revision_begin > upstream_begin) {
    parts.upstream = text.substr(upstream_begin, revision_begin - 1 - upstream_begin);
    parts.revision = text.substr(revision_begin);
  } else {
    parts.upstream = text.substr(upstream_begin);
  }
  return parts;
}

}  // namespace detail

int compare_deb_versions(const DebVersion& a, const DebVersion& b) {
  return detail::compare_parts({a.epoch, a.upstream, a.revision},
                               {b.epoch, b.upstream, b.revision});
}

int compare_deb_version_strings(std::string_view a, std::string_view b) {
  return detail::compare_parts(detail::split_valid_version(a), detail::split_valid_version(b));
}

Expected<int> compare_checked(std::string_view a, std::string_view b) {
  Expected<detail::VersionParts> a_parts = detail::split_version(a);
  if (!a_parts) return a_parts.error();
  Expected<detail::VersionParts> b_parts = detail::split_version(b);
  if (!b_parts) return b_parts.error();
  return detail::compare_parts(*a_parts, *b_parts);
}

}  // namespace patchplan::versions
