// apt.conf parsing, checked against `apt-config dump` reading the same text.
#include <gtest/gtest.h>

#include <fstream>

#include "common/tests/test_files.hpp"
#include "updates/apt_config_file.hpp"
#include "updates/tests/apt_oracle.hpp"

namespace patchplan::updates {
namespace {

using patchplan::testing::TempDir;

// apt's view of `text` as an apt.conf.d part: the dump of the "Test" tree, or the error.
struct AptView {
  bool ok = false;
  std::string dump;
  std::string error;
};

class AptConfigTest : public ::testing::Test {
 protected:
  AptView apt_view(const std::string& text) {
    dir_.write("parts/test.conf", text);
    auto config = dir_.write("apt.conf", "Dir::Etc::parts \"" + (dir_.path() / "parts").string() +
                                             "/\";\nDir::Etc::main \"/dev/null\";\n");
    auto result = patchplan::testing::run_process(
        {"apt-config", "dump", "Test"},
        updates::testing::with_environment({{"APT_CONFIG", config.string()}, {"LC_ALL", "C"}}));
    return AptView{result.exit_code == 0, result.out, result.err};
  }

  // Our view of the same text, with #include resolved from `includes`.
  AptView our_view(const std::string& text,
                   const std::map<std::string, std::string>& includes = {}) {
    AptConfig config;
    AptConfigInclude include = [&](std::string_view path, unsigned depth) -> Status {
      auto found = includes.find(std::string(path));
      if (found == includes.end()) {
        return make_error(ErrorCode::kNotFound, "cannot open '{}'", path);
      }
      return parse_apt_config(found->second, path, config, include, depth);
    };
    auto status = parse_apt_config(text, "test.conf", config, include);
    if (!status) return AptView{false, "", status.error().message};
    return AptView{true, config.dump("Test"), ""};
  }

  void expect_same_as_apt(const std::string& text) {
    AptView apt = apt_view(text);
    AptView ours = our_view(text);
    ASSERT_TRUE(apt.ok) << "apt refused the snippet:\n" << text << "\n" << apt.error;
    ASSERT_TRUE(ours.ok) << ours.error << "\nsnippet:\n" << text;
    EXPECT_EQ(ours.dump, apt.dump) << "snippet:\n" << text;
  }

  // Both refuse `text`, at the same line.
  void expect_same_error_as_apt(const std::string& text, int line, const std::string& reason) {
    AptView apt = apt_view(text);
    AptView ours = our_view(text);
    EXPECT_FALSE(apt.ok) << "apt accepted:\n" << text << "\n" << apt.dump;
    EXPECT_NE(apt.error.find("test.conf:" + std::to_string(line) + ":"), std::string::npos)
        << apt.error;
    ASSERT_FALSE(ours.ok) << ours.dump;
    EXPECT_NE(ours.error.find("test.conf:" + std::to_string(line) + ": syntax error: " + reason),
              std::string::npos)
        << ours.error;
  }

  TempDir dir_;
};

TEST_F(AptConfigTest, ScopedNamesAndQuotedValues) {
  expect_same_as_apt("Test::A \"v1\";\nTest::B::C \"deep value\";\n");
}

TEST_F(AptConfigTest, NestedBlocksBuildScopedNames) {
  expect_same_as_apt("Test { A \"1\"; B { C \"2\"; D::E \"3\"; }; };\nTest::F \"4\";\n");
}

TEST_F(AptConfigTest, BlocksSpanningLines) {
  expect_same_as_apt("Test\n{\n  A \"1\";\n  B\n  {\n    C \"2\";\n  };\n};\n");
}

TEST_F(AptConfigTest, ListMembersAppend) {
  expect_same_as_apt(
      "Test::List { \"a\"; \"b\"; };\nTest::List:: \"c\";\nTest::Other { x; \"y z\"; };\n");
}

TEST_F(AptConfigTest, LaterValuesOverrideCaseInsensitively) {
  expect_same_as_apt("Test::Key \"first\";\ntest::KEY \"second\";\nTEST { key \"third\"; };\n");
}

TEST_F(AptConfigTest, CommentsOfAllThreeKinds) {
  expect_same_as_apt(
      "// a line comment\n# a hash comment\nTest::A \"1\"; // trailing\nTest::B \"2\"; # hash\n"
      "/* block */ Test::C \"3\";\nTest::D /* inline */ \"4\";\n/* multi\nline\n*/ Test::E \"5\";\n"
      "Test::F \"6\"; /* open\n still comment */ Test::G \"7\";\n");
}

TEST_F(AptConfigTest, CommentMarksInsideQuotesAreText) {
  expect_same_as_apt(
      "Test::Url \"http://example.org/path\";\nTest::Hash \"a#b\";\nTest::Star \"/* not */\";\n");
}

TEST_F(AptConfigTest, ClearRemovesATree) {
  expect_same_as_apt(
      "Test::List { \"a\"; \"b\"; };\nTest::Keep \"1\";\n#clear Test::List;\nTest::List:: "
      "\"c\";\n");
}

TEST_F(AptConfigTest, UnquotedAndConcatenatedValues) {
  expect_same_as_apt("Test::Bare value;\nTest::Two \"x\" \"y\";\nTest::Gap \"x\"    \"y\";\n");
}

TEST_F(AptConfigTest, TabsBecomeSpacesAndPercentEscapesDecodeInTags) {
  expect_same_as_apt("Test::Tab\t\"a\tb\";\nTest::Per%41cent \"v\";\n");
}

TEST_F(AptConfigTest, BlockWithValueSetsTheBlockName) {
  expect_same_as_apt("Test \"top\" { A \"1\"; };\n");
}

TEST_F(AptConfigTest, StrayClosingBraceAndOpenBlockAtEndAreAccepted) {
  expect_same_as_apt("};\nTest::A \"1\";\nTest::Open {\n B \"2\";\n");
}

TEST_F(AptConfigTest, StatementsSeveralPerLineAndSplitOverLines) {
  expect_same_as_apt("Test::A \"1\"; Test::B \"2\"; Test::C\n\"3\";\n");
}

TEST_F(AptConfigTest, MissingSemicolonAtEndIsAnErrorOnTheLineAfterTheLast) {
  expect_same_error_as_apt("Test::A \"1\";\nTest::B \"2\"\n", 3, "extra junk at end of file");
}

TEST_F(AptConfigTest, MissingSemicolonWithoutFinalNewlineIsAnErrorOnTheLastLine) {
  expect_same_error_as_apt("Test::A \"1\";\nTest::B \"2\"", 2, "extra junk at end of file");
}

TEST_F(AptConfigTest, HashCutsAWordIntoJunk) {
  expect_same_error_as_apt("Test::A \"1\";\nfoo#bar \"x\";\n", 3, "extra junk at end of file");
}

TEST_F(AptConfigTest, UnknownHashWordsAreComments) {
  expect_same_as_apt("Test::A \"1\";\n#frobnicate Test;\n  #indented comment\n");
}

TEST_F(AptConfigTest, BlockWithoutNameIsAnError) {
  expect_same_error_as_apt("Test::A \"1\";\n{ B \"2\"; };\n", 2, "block starts with no name");
}

TEST_F(AptConfigTest, JunkAfterValueIsAnError) {
  expect_same_error_as_apt("Test::A \"1\" junk;\n", 1, "extra junk after value");
}

TEST_F(AptConfigTest, UnknownDirectiveIsAnError) {
  expect_same_error_as_apt("Test::A \"1\";\n#clearall Test;\n", 2,
                           "unsupported directive 'clearall'");
}

TEST_F(AptConfigTest, ClearWithoutArgumentIsAnError) {
  expect_same_error_as_apt("#clear;\n", 1, "clear directive requires an option tree");
}

TEST_F(AptConfigTest, DirectiveInsideABlockIsAnError) {
  expect_same_error_as_apt("Test {\n#clear Test::A;\n};\n", 2, "directives can only be done");
}

TEST_F(AptConfigTest, IncludeReadsTheNamedFile) {
  std::string included = "Test::FromInclude \"yes\";\n";
  auto path = dir_.write("inc/extra.conf", included);
  std::string text =
      "Test::Before \"1\";\n#include \"" + path.string() + "\";\nTest::After \"2\";\n";
  AptView apt = apt_view(text);
  AptView ours = our_view(text, {{path.string(), included}});
  ASSERT_TRUE(apt.ok) << apt.error;
  ASSERT_TRUE(ours.ok) << ours.error;
  EXPECT_EQ(ours.dump, apt.dump);
}

TEST_F(AptConfigTest, IncludeOfAMissingFileFailsNamingTheIncludingLine) {
  AptView ours = our_view("Test::A \"1\";\n#include \"/nonexistent/x.conf\";\n");
  ASSERT_FALSE(ours.ok);
  EXPECT_NE(ours.error.find("test.conf:2: included from here: cannot open '/nonexistent/x.conf'"),
            std::string::npos)
      << ours.error;
}

TEST_F(AptConfigTest, IncludeRecursionStopsAfterTenLevels) {
  AptView ours =
      our_view("#include \"/self.conf\";\n", {{"/self.conf", "#include \"/self.conf\";\n"}});
  ASSERT_FALSE(ours.ok);
  EXPECT_NE(ours.error.find("too many nested includes"), std::string::npos) << ours.error;
}

TEST(AptConfigLookupTest, FindFileJoinsParentDirectoriesLikeApt) {
  AptConfig config = AptConfig::with_defaults();
  EXPECT_EQ(config.find_dir("Dir::State::lists"), "/var/lib/apt/lists/");
  EXPECT_EQ(config.find_file("Dir::State::status"), "/var/lib/dpkg/status");
  EXPECT_EQ(config.find_dir("Dir::Etc::parts"), "/etc/apt/apt.conf.d/");
  config.set("Dir", "/srv/root");
  EXPECT_EQ(config.find_file("Dir::Etc::sourcelist"), "/srv/root/etc/apt/sources.list");
  config.set("Dir::Etc::preferences", "./local-prefs");
  EXPECT_EQ(config.find_file("Dir::Etc::preferences"), "./local-prefs");
  config.set("Dir::Etc::sourceparts", "/dev/null");
  EXPECT_EQ(config.find_dir("Dir::Etc::sourceparts"), "/dev/null");
}

TEST(AptConfigLookupTest, FindVectorReadsListsAndCommaValues) {
  AptConfig config;
  config.set("APT::Architectures::", "amd64");
  config.set("APT::Architectures::", "i386");
  EXPECT_EQ(config.find_vector("APT::Architectures"), (std::vector<std::string>{"amd64", "i386"}));
  config.set("APT::Architectures", "arm64,armhf");
  EXPECT_EQ(config.find_vector("APT::Architectures"), (std::vector<std::string>{"arm64", "armhf"}));
  EXPECT_TRUE(config.find_vector("Nothing::Here").empty());
}

TEST(AptConfigLookupTest, ReadsPartsBeforeTheMainFileInsideTheRoot) {
  TempDir root;
  root.write("etc/apt/apt.conf.d/10first", "Test::Order \"part\";\nTest::OnlyPart \"1\";\n");
  root.write("etc/apt/apt.conf.d/20second.conf", "Test::Order \"second part\";\n");
  root.write("etc/apt/apt.conf.d/30ignored.bak", "Test::Ignored \"1\";\n");
  root.write("etc/apt/apt.conf", "Test::Order \"main\";\n#include \"/etc/apt/extra\";\n");
  root.write("etc/apt/extra", "Test::Included \"1\";\n");
  auto fs_root = RootFs::open(root.path().string());
  ASSERT_TRUE(fs_root);
  std::vector<std::string> notices;
  auto config = read_apt_config(*fs_root, notices);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->find("Test::Order"), "main");
  EXPECT_EQ(config->find("Test::OnlyPart"), "1");
  EXPECT_EQ(config->find("Test::Included"), "1");
  EXPECT_EQ(config->find("Test::Ignored"), "");
}

TEST(AptConfigLookupTest, SyntaxErrorInAPartNamesTheFileInsideTheRoot) {
  TempDir root;
  root.write("etc/apt/apt.conf.d/50broken", "Test::A \"1\";\nTest::B {\n");
  root.write("etc/apt/apt.conf.d/60junk", "Test::C \"x\" y;\n");
  auto fs_root = RootFs::open(root.path().string());
  ASSERT_TRUE(fs_root);
  std::vector<std::string> notices;
  auto config = read_apt_config(*fs_root, notices);
  ASSERT_FALSE(config);
  EXPECT_NE(
      config.error().message.find(root.path().string() + "/etc/apt/apt.conf.d/60junk:1: "
                                                         "syntax error: extra junk after value"),
      std::string::npos)
      << config.error().message;
}

}  // namespace
}  // namespace patchplan::updates
