// URI fix-up and option names shared by the one-line and deb822 sources parsers
// (apt-pkg/sourcelist.cc FixupURI, apt-pkg/deb/debmetaindex.cc CreateItemInternal).
#include "updates/source_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace patchplan::updates::detail {

std::string substitute_arch(std::string_view text, std::string_view native_architecture) {
  static constexpr std::string_view kVariable = "$(ARCH)";
  std::string out;
  std::size_t pos = 0;
  for (std::size_t found; (found = text.find(kVariable, pos)) != std::string_view::npos;) {
    out.append(text.substr(pos, found - pos));
    out.append(native_architecture);
    pos = found + kVariable.size();
  }
  out.append(text.substr(pos));
  return out;
}

bool fixup_uri(std::string& uri, std::string_view native_architecture) {
  if (uri.empty() || uri.find(':') == std::string::npos) return false;
  uri = substitute_arch(uri, native_architecture);
  if (uri.back() != '/') uri.push_back('/');
  return true;
}

bool is_known_source_option(std::string_view name) {
  static constexpr std::array<std::string_view, 24> kKnown = {"arch",
                                                              "arch+",
                                                              "arch-",
                                                              "lang",
                                                              "lang+",
                                                              "lang-",
                                                              "target",
                                                              "target+",
                                                              "target-",
                                                              "trusted",
                                                              "signed-by",
                                                              "pdiffs",
                                                              "by-hash",
                                                              "check-valid-until",
                                                              "valid-until-min",
                                                              "valid-until-max",
                                                              "check-date",
                                                              "date-max-future",
                                                              "allow-insecure",
                                                              "allow-weak",
                                                              "allow-downgrade-to-insecure",
                                                              "inrelease-path",
                                                              "snapshot",
                                                              "sourceslist-entry"};
  // Index target identifiers ("Packages=no", "Contents-deb=yes") are options too.
  static constexpr std::array<std::string_view, 6> kTargets = {
      "Packages", "Translations", "Contents-deb", "Contents-udeb", "Sources", "Contents-dsc"};
  return std::find(kKnown.begin(), kKnown.end(), name) != kKnown.end() ||
         std::find(kTargets.begin(), kTargets.end(), name) != kTargets.end();
}

void note_unknown_options(const std::map<std::string, std::string>& options,
                          std::string_view origin, std::vector<std::string>& notices) {
  for (const auto& [name, value] : options) {
    if (!is_known_source_option(name)) {
      notices.push_back(
          fmt::format("{}: unknown source option '{}' (apt ignores it)", origin, name));
    }
  }
}

}  // namespace patchplan::updates::detail
