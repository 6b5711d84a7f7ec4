// Sources parsing and index planning, checked against apt's own reading of the same files
// (`apt-get indextargets` lists the list files apt would use, in its order).
#include <gtest/gtest.h>

#include <sstream>

#include "common/tests/test_files.hpp"
#include "updates/index_plan.hpp"
#include "updates/sources_list.hpp"
#include "updates/tests/apt_oracle.hpp"

namespace patchplan::updates {
namespace {

using patchplan::testing::TempDir;

std::vector<SourceEntry> one_line(const std::string& text,
                                  std::vector<std::string>* notices = nullptr) {
  std::vector<std::string> ignored;
  auto entries = parse_one_line_sources(text, "test.list", "amd64", notices ? *notices : ignored);
  EXPECT_TRUE(entries) << entries.error().message;
  return entries ? *entries : std::vector<SourceEntry>{};
}

std::string one_line_error(const std::string& text) {
  std::vector<std::string> notices;
  auto entries = parse_one_line_sources(text, "test.list", "amd64", notices);
  return entries ? "" : entries.error().message;
}

std::vector<SourceEntry> deb822(const std::string& text) {
  std::vector<std::string> notices;
  auto entries = parse_deb822_sources(text, "test.sources", "amd64", notices);
  EXPECT_TRUE(entries) << entries.error().message;
  return entries ? *entries : std::vector<SourceEntry>{};
}

std::string deb822_error(const std::string& text) {
  std::vector<std::string> notices;
  auto entries = parse_deb822_sources(text, "test.sources", "amd64", notices);
  return entries ? "" : entries.error().message;
}

TEST(SourcesTest, OneLineEntryPerComponentWithOptions) {
  auto entries = one_line(
      "# comment\n\ndeb [arch=amd64,i386 signed-by=/k.gpg] http://deb.debian.org/debian bookworm "
      "main contrib # trailing\ndeb-src http://deb.debian.org/debian bookworm main\n");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].type, "deb");
  EXPECT_EQ(entries[0].uri, "http://deb.debian.org/debian/");
  EXPECT_EQ(entries[0].suite, "bookworm");
  EXPECT_EQ(entries[0].component, "main");
  EXPECT_EQ(entries[1].component, "contrib");
  EXPECT_EQ(entries[0].options.at("arch"), "amd64,i386");
  EXPECT_EQ(entries[0].options.at("signed-by"), "/k.gpg");
  EXPECT_EQ(entries[0].origin, "test.list:3");
  EXPECT_EQ(entries[2].type, "deb-src");
}

TEST(SourcesTest, OneLineFlatRepositoryAndArchVariable) {
  auto entries =
      one_line("deb [trusted=yes] file:/srv/repo ./\ndeb http://x/$(ARCH) dists/$(ARCH)/\n");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].uri, "file:/srv/repo/");
  EXPECT_EQ(entries[0].suite, "./");
  EXPECT_TRUE(entries[0].component.empty());
  EXPECT_EQ(entries[1].uri, "http://x/amd64/");
  EXPECT_EQ(entries[1].suite, "dists/amd64/");
}

TEST(SourcesTest, OneLineHashInsideOptionsIsNotAComment) {
  auto entries = one_line("deb [signed-by=/k#1.gpg] http://h/d s main\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].options.at("signed-by"), "/k#1.gpg");
}

TEST(SourcesTest, OneLineOptionListClosedRightAfterTheLastOption) {
  auto entries =
      one_line("deb [arch=amd64] http://h/d s main\ndeb [ arch=i386 ] http://h/d s main\n");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].options.at("arch"), "amd64");
  EXPECT_EQ(entries[1].options.at("arch"), "i386");
}

TEST(SourcesTest, OneLineUnknownOptionIsKeptWithANotice) {
  std::vector<std::string> notices;
  auto entries = one_line("deb [frobnicate=yes] http://h/d s main\n", &notices);
  ASSERT_EQ(entries.size(), 1u);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0], "test.list:1: unknown source option 'frobnicate' (apt ignores it)");
}

// Each malformed line, refused by us and by apt for the same reason on the same line.
TEST(SourcesTest, OneLineMalformedEntriesAreRefusedLikeApt) {
  struct Case {
    std::string text;
    std::string ours;  // our message
    std::string apt;   // what apt's message contains
  };
  std::vector<Case> cases = {
      {"deb\n", "test.list:1: malformed line (type)", "Malformed line 1 in source list"},
      {"\n\nrpm http://h/d s main\n", "test.list:3: type 'rpm' is not known",
       "Type 'rpm' is not known on line 3"},
      {"deb http://h/d\n", "test.list:1: malformed entry (Suite)",
       "Malformed entry 1 in list file"},
      {"deb nocolon s main\n", "test.list:1: malformed entry (URI parse)", "(URI parse)"},
      {"deb http://h/d s\n", "test.list:1: malformed entry (Component)", "(Component)"},
      {"deb http://h/d ./ main\n", "test.list:1: malformed entry (absolute Suite Component)",
       "(absolute Suite Component)"},
      {"deb [a=\"b http://h/d s main\n", "test.list:1: malformed entry ([option] unparsable)",
       "([option] unparsable)"},
      {"deb [a] http://h/d s main\n", "test.list:1: malformed entry ([option] too short)",
       "([option] too short)"},
      {"deb [arch] http://h/d s main\n", "test.list:1: malformed entry ([option] not assignment)",
       "([option] not assignment)"},
      {"deb [a=b http://h/d s main\n", "test.list:1: malformed entry ([option] not assignment)",
       "([option] not assignment)"},
      {"deb [=amd64] http://h/d s main\n", "test.list:1: malformed entry ([option] no key)",
       "([option] no key)"},
      {"deb [arch=] http://h/d s main\n", "test.list:1: malformed entry ([option] no value)",
       "([option] no value)"},
      {"deb [arch=amd64] \"http://h/d s main\n", "test.list:1: malformed entry (URI)", "(URI)"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(one_line_error(c.text), c.ours) << c.text;
    TempDir root, work;
    root.write("etc/apt/sources.list", c.text);
    updates::testing::AptSandbox sandbox(root.path(), work.path(), "amd64");
    auto apt = sandbox.run({"apt-get", "indextargets"});
    EXPECT_NE(apt.exit_code, 0) << c.text;
    EXPECT_NE(apt.err.find(c.apt), std::string::npos) << c.text << "\n" << apt.err;
  }
}

TEST(SourcesTest, Deb822StanzasMultiplyUrisSuitesAndComponents) {
  auto entries = deb822(
      "# header comment\n\nTypes: deb deb-src\nURIs: http://a/debian http://b/debian\n"
      "Suites: bookworm bookworm-updates\nComponents: main\n contrib\nArchitectures: amd64\n"
      "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n"
      "Types: deb\nURIs: http://c/x\nSuites: stable\nComponents: main\nEnabled: no\n\n"
      "Types: deb\nURIs: file:/srv/flat\nSuites: ./\n");
  ASSERT_EQ(entries.size(), 17u);
  EXPECT_EQ(entries[0].type, "deb");
  EXPECT_EQ(entries[0].uri, "http://a/debian/");
  EXPECT_EQ(entries[0].suite, "bookworm");
  EXPECT_EQ(entries[0].component, "main");
  EXPECT_EQ(entries[1].component, "contrib");
  EXPECT_EQ(entries[2].suite, "bookworm-updates");
  EXPECT_EQ(entries[4].uri, "http://b/debian/");
  EXPECT_EQ(entries[8].type, "deb-src");
  EXPECT_EQ(entries[0].options.at("arch"), "amd64");
  EXPECT_EQ(entries[0].origin, "test.sources:3");
  EXPECT_EQ(entries[16].uri, "file:/srv/flat/");
  EXPECT_EQ(entries[16].suite, "./");
}

// Debian's own debian.sources carries a comment line between fields (this machine's
// /etc/apt/sources.list.d/debian.sources): it belongs to no field.
TEST(SourcesTest, Deb822CommentLinesBetweenFieldsAreIgnored) {
  auto entries = deb822(
      "Types: deb\n# http://snapshot.debian.org/archive/debian/20250520T000000Z\n"
      "URIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\n"
      "Components: main\n# trailing comment\nSigned-By: /usr/share/keyrings/k.gpg\n");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].type, "deb");
  EXPECT_EQ(entries[1].suite, "bookworm-updates");
  EXPECT_EQ(entries[1].component, "main");
  EXPECT_EQ(entries[0].options.at("signed-by"), "/usr/share/keyrings/k.gpg");
}

TEST(SourcesTest, Deb822MalformedStanzasNameFileAndLine) {
  EXPECT_EQ(deb822_error("URIs: http://h/d\nSuites: s\nComponents: main\n"),
            "test.sources:1: malformed stanza (type)");
  EXPECT_EQ(deb822_error("\nTypes: rpm\nURIs: http://h/d\nSuites: s\nComponents: main\n"),
            "test.sources:2: type 'rpm' is not known");
  EXPECT_EQ(deb822_error("Types: deb\nSuites: s\nComponents: main\n"),
            "test.sources:1: malformed stanza (URI)");
  EXPECT_EQ(deb822_error("Types: deb\nURIs: http://h/d\nComponents: main\n"),
            "test.sources:1: malformed stanza (Suite)");
  EXPECT_EQ(deb822_error("Types: deb\nURIs: http://h/d\nSuites: s\n"),
            "test.sources:1: malformed stanza (Component)");
  EXPECT_EQ(deb822_error("Types: deb\nURIs: http://h/d\nSuites: ./\nComponents: main\n"),
            "test.sources:1: malformed stanza (absolute Suite Component)");
  EXPECT_EQ(deb822_error("Types: deb\nURIs: bad\nSuites: s\nComponents: main\n"),
            "test.sources:1: malformed stanza (URI parse)");
  EXPECT_NE(deb822_error("Types: deb\nnot a field\n").find("test.sources:2:"), std::string::npos);
}

// Our planned Packages list files against apt-get indextargets on the same root.
class IndexPlanTest : public ::testing::Test {
 protected:
  std::vector<std::string> apt_targets(const std::string& architectures_config) {
    updates::testing::AptSandbox sandbox(root_.path(), work_.path(), "amd64", architectures_config);
    auto result = sandbox.run(
        {"apt-get", "indextargets", "--no-release-info", "--format", "$(CREATED_BY) $(FILENAME)"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::vector<std::string> files;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with("Packages ")) files.push_back(line.substr(9));
    }
    return files;
  }

  std::vector<std::string> our_targets(const std::vector<std::string>& architectures) {
    auto root = RootFs::open(root_.path().string());
    EXPECT_TRUE(root);
    AptConfig config = AptConfig::with_defaults();
    std::vector<std::string> notices;
    auto sources = read_sources_list(*root, config, "amd64");
    EXPECT_TRUE(sources) << sources.error().message;
    if (!sources) return {};
    std::string lists = (work_.path() / "lists").string() + "/";
    PlannedIndexes plan = plan_indexes(*sources, architectures, lists, notices);
    std::vector<std::string> files;
    for (const PlannedIndex& index : plan.indexes) files.push_back(index.path);
    return files;
  }

  TempDir root_;
  TempDir work_;
};

TEST_F(IndexPlanTest, ListFileNamesAndOrderMatchApt) {
  root_.write(
      "etc/apt/sources.list",
      "deb http://deb.debian.org/debian bookworm main contrib\n"
      "deb [arch=i386] http://user:secret@mirror.example:8080/debian/ bookworm-updates main\n"
      "deb-src http://deb.debian.org/debian bookworm main\n"
      "deb http://deb.debian.org/debian bookworm non-free-firmware\n"
      "deb [trusted=yes] copy:/srv/re~po+x/ ./\n"
      "deb http://h/weird suite+1~rc main\n");
  root_.write("etc/apt/sources.list.d/b.sources",
              "Types: deb\nURIs: https://deb.example.org/apt\nSuites: stable\n"
              "Components: main\n\nTypes: deb\nURIs: http://flat.example/x\nSuites: sub/dir/\n"
              "Architectures-Remove: all\n");
  root_.write("etc/apt/sources.list.d/a.list",
              "deb [arch+=armhf arch-=i386] http://ports.example/debian sid main\n");
  root_.write("etc/apt/sources.list.d/ignored.list.disabled", "deb http://never/x y z\n");
  std::string archs = "APT::Architectures { \"amd64\"; \"i386\"; };\n";
  EXPECT_EQ(our_targets({"amd64", "i386"}), apt_targets(archs));
}

TEST_F(IndexPlanTest, DuplicateEntriesArePlannedOnce) {
  root_.write("etc/apt/sources.list",
              "deb http://deb.debian.org/debian bookworm main\n"
              "deb http://deb.debian.org/debian bookworm main\n"
              "deb [arch=amd64] http://deb.debian.org/debian bookworm main\n");
  EXPECT_EQ(our_targets({"amd64"}), apt_targets("APT::Architectures { \"amd64\"; };\n"));
}

}  // namespace
}  // namespace patchplan::updates
