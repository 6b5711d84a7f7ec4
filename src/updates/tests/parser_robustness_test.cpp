// Every parser of untrusted input in this module, fed seeded mutations of valid input:
// each call must return a value or an Error, never crash or hang (run under ASan+UBSan in
// CI). The mutations are deterministic, so a failure reproduces.
#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "common/byte_source.hpp"
#include "updates/apt_config_file.hpp"
#include "updates/list_file_names.hpp"
#include "updates/packages_index.hpp"
#include "updates/preferences.hpp"
#include "updates/release_file.hpp"
#include "updates/sources_list.hpp"
#include "updates/version_match.hpp"

namespace patchplan::updates {
namespace {

// Byte flips, insertions of syntax characters, deletions and truncations of `seed_text`.
std::vector<std::string> mutations(const std::string& seed_text, unsigned seed, int count) {
  static constexpr std::string_view kSpecial = "{};\"[]#/*%:=,\n \t\\~+()!@0";
  std::mt19937 random(seed);
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    std::string text = seed_text;
    int edits = 1 + static_cast<int>(random() % 6);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      std::size_t at = random() % text.size();
      switch (random() % 4) {
        case 0:
          text[at] = static_cast<char>(random() % 256);
          break;
        case 1:
          text.insert(at, 1, kSpecial[random() % kSpecial.size()]);
          break;
        case 2:
          text.erase(at, 1 + random() % 8);
          break;
        default:
          text.resize(at);
          break;
      }
    }
    out.push_back(std::move(text));
  }
  return out;
}

void survive(const std::string& seed_text, unsigned seed,
             const std::function<void(const std::string&)>& parse) {
  for (const std::string& text : mutations(seed_text, seed, 800)) parse(text);
}

TEST(ParserRobustnessTest, AptConfigSyntax) {
  survive(
      "Test { A \"1\"; List { \"a\"; \"b\"; }; };\n/* c */ Test::B \"x\" \"y\"; // c\n"
      "#clear Test::List;\n#include \"/x\";\nTest::C:: \"d\";\n",
      1, [](const std::string& text) {
        AptConfig config;
        AptConfigInclude include = [](std::string_view, unsigned) { return ok(); };
        (void)parse_apt_config(text, "f", config, include);
      });
}

TEST(ParserRobustnessTest, SourcesBothFormats) {
  std::vector<std::string> notices;
  survive(
      "deb [arch=amd64 signed-by=/k] http://u:p@h:80/d bookworm main contrib\n"
      "deb-src http://h/d ./\n",
      2,
      [&](const std::string& text) { (void)parse_one_line_sources(text, "f", "amd64", notices); });
  survive(
      "Types: deb\nURIs: http://h/d\nSuites: bookworm ./\nComponents: main\n"
      "Architectures: amd64\nEnabled: yes\n\nTypes: deb-src\nURIs: file:/x\nSuites: s\n"
      "Components: c\n",
      3, [&](const std::string& text) { (void)parse_deb822_sources(text, "f", "amd64", notices); });
  notices.clear();
}

TEST(ParserRobustnessTest, PreferencesAndPinExpressions) {
  std::vector<std::string> notices;
  survive(
      "Package: a b:i386 src:c /re/\nPin: release o=Debian,a=stable,n=x,l=y,c=main,b=amd64\n"
      "Pin-Priority: 600\n\nPackage: *\nPin: origin \"h\"\nPin-Priority: -1\n",
      4, [&](const std::string& text) {
        auto stanzas = parse_preferences(text, "f", AptSemantics::kApt30, notices);
        if (!stanzas) return;
        std::vector<ReleaseEntry> releases(1);
        std::vector<PackageFile> files = {PackageFile{0, false, "main", "amd64", "x"}};
        for (const PinStanza& stanza : *stanzas) {
          (void)VersionMatcher(stanza.data, stanza.kind).file_matches(files[0], releases);
        }
      });
}

TEST(ParserRobustnessTest, ReleaseFilesAndUris) {
  std::vector<std::string> notices;
  survive(
      "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nOrigin: Debian\nSuite: s\n"
      "NotAutomatic: yes\n- Label: L\n-----BEGIN PGP SIGNATURE-----\n\nabc\n"
      "-----END PGP SIGNATURE-----\n",
      5, [&](const std::string& text) { (void)parse_release(text, "f", notices); });
  survive("https://user:pa%3ass@[::1]:8080/debian/dists/bookworm/InRelease", 6,
          [](const std::string& text) {
            (void)uri_to_file_name(text);
            (void)meta_index_uri(text, text, "InRelease");
          });
}

TEST(ParserRobustnessTest, PackagesStanzas) {
  survive(
      "Package: p\nVersion: 1:1.0-1\nArchitecture: all\nSource: s (1.0)\nMulti-Arch: same\n"
      "Size: 12\nDepends: a (>= 0:1), b | c\nPhased-Update-Percentage: 40\n\nPackage: q\n"
      "Version: 2\n",
      7, [](const std::string& text) {
        std::vector<std::string> notices;
        (void)read_package_stanzas(
            memory_source(text, "f"), [](std::string_view) { return true; }, [](PackageStanza&&) {},
            notices);
      });
}

}  // namespace
}  // namespace patchplan::updates
