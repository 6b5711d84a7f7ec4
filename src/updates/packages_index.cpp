// Packages stanzas as apt's cache generator sees them (debListParser::Package, Version,
// Architecture, NewVersion's Source handling, UsePackage's Phased-Update-Percentage).
#include "updates/packages_index.hpp"

#include <array>
#include <cstdlib>

#include "updates/apt_words.hpp"

namespace patchplan::updates {
namespace {

enum FieldIndex : std::size_t {
  kPackage,
  kArchitecture,
  kVersion,
  kSource,
  kSize,
  kMultiArch,
  kPhased,
  kInstalledSize,
  kDepends,
  kPreDepends,
  kConflicts,
  kBreaks,
  kReplaces,
  kFieldCount
};

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {"Package",
                                                                   "Architecture",
                                                                   "Version",
                                                                   "Source",
                                                                   "Size",
                                                                   "Multi-Arch",
                                                                   "Phased-Update-Percentage",
                                                                   "Installed-Size",
                                                                   "Depends",
                                                                   "Pre-Depends",
                                                                   "Conflicts",
                                                                   "Breaks",
                                                                   "Replaces"};

// pkgTagSection::FindULL: strtoull of the value, `fallback` when absent or not a number.
std::uint64_t find_ull(std::string_view value, bool present, std::uint64_t fallback) {
  if (!present || value.size() >= 100) return fallback;
  std::string copy(value);
  char* end = nullptr;
  unsigned long long number = std::strtoull(copy.c_str(), &end, 10);
  return end == copy.c_str() ? fallback : number;
}

}  // namespace

std::string_view quick_package_name(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.size() > 8 && detail::equals_ignore_case(line.substr(0, 8), "Package:")) {
      line.remove_prefix(8);
      while (!line.empty() && detail::is_space(line.front())) line.remove_prefix(1);
      while (!line.empty() && detail::is_space(line.back())) line.remove_suffix(1);
      return line;
    }
  }
  return {};
}

Expected<PackageStanza> parse_package_stanza(const Paragraph& paragraph, std::string_view file) {
  std::array<std::string_view, kFieldCount> values{};
  std::array<bool, kFieldCount> present{};
  auto status = for_each_field(paragraph, file, [&](const Field& field) {
    for (std::size_t i = 0; i < kFieldCount; ++i) {
      if (!present[i] && detail::equals_ignore_case(field.name, kFieldNames[i])) {
        values[i] = field.value;
        present[i] = true;
      }
    }
    return true;
  });
  if (!status) return status.error();

  PackageStanza stanza;
  stanza.line = paragraph.first_line;
  stanza.package = std::string(values[kPackage]);
  if (stanza.package.find('/') == std::string::npos) {
    stanza.package = detail::to_lower_ascii(stanza.package);
  }
  stanza.architecture = values[kArchitecture].empty() ? "none" : std::string(values[kArchitecture]);
  stanza.version = std::string(values[kVersion]);

  // "Source: name (version)": the version in parentheses after the first space.
  stanza.source = stanza.package;
  stanza.source_version = stanza.version;
  if (present[kSource]) {
    std::string_view source = values[kSource];
    std::size_t space = source.find(' ');
    if (space != std::string_view::npos) {
      std::size_t open = source.find('(', space);
      std::size_t close = open == std::string_view::npos ? open : source.find(')', open);
      if (close != std::string_view::npos) {
        stanza.source_version = std::string(source.substr(open + 1, close - open - 1));
      }
      source = source.substr(0, space);
    }
    stanza.source = std::string(source);
  }

  std::uint64_t phased = find_ull(values[kPhased], present[kPhased], 100);
  if (phased <= 100 && present[kPhased] && phased != 100) {
    stanza.phased_update_percentage = static_cast<unsigned>(phased);
  }
  stanza.identity.hash =
      apt_version_hash({values[kInstalledSize], values[kDepends], values[kPreDepends],
                        values[kConflicts], values[kBreaks], values[kReplaces]});
  stanza.identity.size = find_ull(values[kSize], present[kSize], 0);
  stanza.identity.multi_arch = apt_multi_arch(values[kMultiArch], stanza.architecture);
  return stanza;
}

Status read_package_stanzas(std::unique_ptr<ByteSource> source,
                            const std::function<bool(std::string_view package)>& wanted,
                            const std::function<void(PackageStanza&&)>& visit,
                            std::vector<std::string>& notices) {
  ParagraphReader reader(std::move(source));
  std::string file = reader.name();
  std::string lowered;
  while (true) {
    auto paragraph = reader.next();
    if (!paragraph) return paragraph.error();
    for (std::string& skipped : reader.take_skipped()) notices.push_back(std::move(skipped));
    if (!*paragraph) return ok();

    std::string_view name = quick_package_name((*paragraph)->text);
    lowered.assign(name);
    for (char& c : lowered) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (name.empty() || !wanted(lowered)) continue;
    auto stanza = parse_package_stanza(**paragraph, file);
    if (!stanza) return stanza.error();
    if (stanza->version.empty()) continue;
    visit(std::move(*stanza));
  }
}

}  // namespace patchplan::updates
