// Distribution release tables for OSV ecosystems.
#include "feeds/osv_ecosystem.hpp"

#include <array>
#include <cctype>
#include <utility>
#include <vector>

namespace patchplan::feeds {
namespace {

using Codename = std::pair<std::string_view, std::string_view>;

// Debian's releases (https://www.debian.org/releases/).
constexpr std::array<Codename, 11> kDebian = {{
    {"5", "lenny"},
    {"6", "squeeze"},
    {"7", "wheezy"},
    {"8", "jessie"},
    {"9", "stretch"},
    {"10", "buster"},
    {"11", "bullseye"},
    {"12", "bookworm"},
    {"13", "trixie"},
    {"14", "forky"},
    {"15", "duke"},
}};

// Ubuntu's releases (https://wiki.ubuntu.com/Releases).
constexpr std::array<Codename, 18> kUbuntu = {{
    {"12.04", "precise"},
    {"14.04", "trusty"},
    {"16.04", "xenial"},
    {"18.04", "bionic"},
    {"19.10", "eoan"},
    {"20.04", "focal"},
    {"20.10", "groovy"},
    {"21.04", "hirsute"},
    {"21.10", "impish"},
    {"22.04", "jammy"},
    {"22.10", "kinetic"},
    {"23.04", "lunar"},
    {"23.10", "mantic"},
    {"24.04", "noble"},
    {"24.10", "oracular"},
    {"25.04", "plucky"},
    {"25.10", "questing"},
    {"26.04", "resolute"},
}};

template <std::size_t N>
std::string_view lookup(const std::array<Codename, N>& table, std::string_view number) {
  for (const auto& [key, name] : table) {
    if (key == number) return name;
  }
  return {};
}

std::string lowercase(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool is_release_number(std::string_view part) {
  if (part.empty()) return false;
  for (char c : part) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return false;
  }
  return true;
}

// "Ubuntu:22.04:LTS", "Ubuntu:Pro:18.04:LTS", "Ubuntu:24.10".
std::optional<DistributionRelease> ubuntu_release(const std::vector<std::string_view>& parts) {
  DistributionRelease result{"ubuntu", ""};
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (is_release_number(parts[i]) && result.release.empty()) {
      const std::string_view name = ubuntu_codename(parts[i]);
      result.release = name.empty() ? std::string(parts[i]) : std::string(name);
    } else if (parts[i] != "LTS" && !parts[i].empty()) {
      result.ecosystem += "-" + lowercase(parts[i]);
    }
  }
  if (result.release.empty()) return std::nullopt;
  return result;
}

}  // namespace

std::string_view debian_codename(std::string_view number) { return lookup(kDebian, number); }
std::string_view ubuntu_codename(std::string_view number) { return lookup(kUbuntu, number); }

std::optional<DistributionRelease> distribution_release(std::string_view osv_ecosystem) {
  const auto parts = split(osv_ecosystem, ':');
  if (parts.size() < 2 || parts[0].empty() || parts[1].empty()) return std::nullopt;
  if (parts[0] == "Ubuntu") return ubuntu_release(parts);
  const std::string_view release = osv_ecosystem.substr(parts[0].size() + 1);
  if (parts[0] == "Debian") {
    const std::string_view name = debian_codename(release);
    return DistributionRelease{"debian", std::string(name.empty() ? release : name)};
  }
  return DistributionRelease{lowercase(parts[0]), std::string(release)};
}

}  // namespace patchplan::feeds
