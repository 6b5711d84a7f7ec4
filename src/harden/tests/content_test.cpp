// Content loading: the Debian 12 datastream (profiles and their selections as oscap resolves
// them), and refusal of hostile or broken documents.
#include "harden/content.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/tests/test_files.hpp"
#include "harden/default_content.hpp"
#include "harden/profile_selection.hpp"
#include "harden/tests/oval_fixture.hpp"
#include "harden/xml_load.hpp"

namespace patchplan::harden {
namespace {

const Content& debian12() { return harden::testing::debian12_content(); }

std::size_t selected(const Benchmark& benchmark, std::string_view profile) {
  auto found = find_profile(benchmark, profile);
  EXPECT_TRUE(found) << profile;
  const Selection selection = select_rules(benchmark, *found);
  return static_cast<std::size_t>(std::count(selection.rules.begin(), selection.rules.end(), true));
}

TEST(ContentTest, DatastreamHasTheBenchmarkItsOvalAndTheCpeDictionary) {
  const Benchmark* benchmark = debian12().benchmark();
  ASSERT_NE(benchmark, nullptr);
  EXPECT_EQ(benchmark->rules.size(), 591u);
  EXPECT_EQ(benchmark->groups.size(), 113u);
  EXPECT_EQ(benchmark->values.size(), 105u);
  EXPECT_EQ(benchmark->profiles.size(), 9u);
  EXPECT_EQ(benchmark->platform_specs.size(), 48u);
  EXPECT_NE(debian12().oval("ssg-debian12-oval.xml"), nullptr);
  EXPECT_NE(debian12().oval("ssg-debian12-cpe-oval.xml"), nullptr);
  EXPECT_EQ(debian12().oval("security-oval-oval-definitions-bookworm.xml.bz2"), nullptr);
  ASSERT_TRUE(benchmark->cpe_dictionary.contains("cpe:/o:debian:debian_linux:12"));
  EXPECT_EQ(benchmark->cpe_dictionary.at("cpe:/o:debian:debian_linux:12").definition,
            "oval:ssg-installed_OS_is_debian12:def:1");
}

// Counts after Group propagation and requires/conflicts, as oscap selects them
// (notes/scap-content.md, section 1.2).
TEST(ContentTest, ProfilesSelectWhatOscapSelects) {
  const Benchmark& benchmark = *debian12().benchmark();
  EXPECT_EQ(selected(benchmark, "anssi_bp28_minimal"), 35u);
  EXPECT_EQ(selected(benchmark, "anssi_bp28_intermediary"), 220u);
  EXPECT_EQ(selected(benchmark, "anssi_bp28_enhanced"), 316u);
  EXPECT_EQ(selected(benchmark, "anssi_bp28_high"), 391u);
  EXPECT_EQ(selected(benchmark, "anssi_np_nt28_minimal"), 24u);
  EXPECT_EQ(selected(benchmark, "anssi_np_nt28_average"), 44u);
  EXPECT_EQ(selected(benchmark, "anssi_np_nt28_restrictive"), 48u);
  EXPECT_EQ(selected(benchmark, "anssi_np_nt28_high"), 49u);
  EXPECT_EQ(selected(benchmark, "standard"), 44u);
}

TEST(ContentTest, ProfileByFullIdOrSuffixAndUnknownNamesTheChoices) {
  const Benchmark& benchmark = *debian12().benchmark();
  auto full = find_profile(benchmark, "xccdf_org.ssgproject.content_profile_standard");
  auto suffix = find_profile(benchmark, "standard");
  ASSERT_TRUE(full && suffix);
  EXPECT_EQ(*full, *suffix);
  auto missing = find_profile(benchmark, "cis");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("anssi_bp28_high"), std::string::npos);
}

TEST(ContentTest, RefineValueSelectsTheProfilesValue) {
  const Benchmark& benchmark = *debian12().benchmark();
  const std::string id = "xccdf_org.ssgproject.content_value_var_accounts_maximum_age_root";
  auto anssi = find_profile(benchmark, "anssi_bp28_high");
  ASSERT_TRUE(anssi);
  EXPECT_EQ(bound_value(benchmark, *anssi, id), "365");
  EXPECT_EQ(bound_value(benchmark, nullptr, id), "99999");
  EXPECT_EQ(bound_value(benchmark, nullptr, "no_such_value"), std::nullopt);
}

TEST(ContentTest, DoctypeIsRefused) {
  patchplan::testing::TempDir dir;
  const auto xxe = dir.write("xxe.xml",
                             "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "
                             "\"file:///etc/shadow\">]>\n<oval_definitions>&e;</oval_definitions>");
  auto loaded = Content::load(xxe.string());
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("document type declarations are refused"),
            std::string::npos);

  std::string bomb = "<!DOCTYPE b [<!ENTITY a \"aaaaaaaaaa\">";
  for (int i = 1; i < 10; ++i) {
    bomb += fmt::format("<!ENTITY a{} \"&a{};&a{};&a{};&a{};&a{};&a{};&a{};&a{};&a{};&a{};\">", i,
                        i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
  }
  bomb += "]><Benchmark>&a9;</Benchmark>";
  EXPECT_FALSE(Content::load(dir.write("bomb.xml", bomb).string()));
}

TEST(ContentTest, BrokenAndForeignDocumentsAreRefusedWithTheirName) {
  patchplan::testing::TempDir dir;
  auto broken = Content::load(dir.write("broken.xml", "<Benchmark><Rule></Benchmark>").string());
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("broken.xml"), std::string::npos);
  auto foreign = Content::load(dir.write("html.xml", "<html/>").string());
  ASSERT_FALSE(foreign);
  EXPECT_NE(foreign.error().message.find("not scap content"), std::string::npos);
  auto missing = Content::load((dir.path() / "missing.xml").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

// A benchmark whose one rule checks with OVAL file `href`, beside it in `dir`.
std::string benchmark_checking(const patchplan::testing::TempDir& dir, const std::string& href) {
  return dir
      .write("bench-" + href,
             R"(<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_x_benchmark_b">
<Rule id="xccdf_x_rule_r" selected="true"><title>R</title>
<check system="http://oval.mitre.org/XMLSchema/oval-definitions-5">
<check-content-ref href=")" +
                 href + R"(" name="oval:x:def:1"/></check></Rule></Benchmark>)")
      .string();
}

// oscap refuses a benchmark whose OVAL file is malformed or not OVAL ("Premature end of data",
// "Unknown document type", exit 1) and skips a missing one with a warning (notchecked).
TEST(ContentTest, OvalFileThatCannotBeLoadedRefusesTheBenchmarkNamingIt) {
  patchplan::testing::TempDir dir;
  const std::string oval = harden::testing::oval_document(
      R"(<definitions><definition id="oval:x:def:1" version="1" class="compliance">
      <criteria><criterion test_ref="oval:x:tst:1"/></criteria></definition></definitions>)");
  dir.write("good.xml", oval);
  dir.write("doctype.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE oval_definitions>\n" +
                               oval.substr(oval.find("<oval_definitions")));
  dir.write("broken.xml", oval.substr(0, oval.size() / 2));
  dir.write("foreign.xml", "<html/>");
  {
    // Larger than the content limit: a sparse file, refused by its size before any read.
    std::ofstream big(dir.path() / "big.xml");
  }
  std::filesystem::resize_file(dir.path() / "big.xml", kMaxContentBytes + 1);

  auto good = Content::load(benchmark_checking(dir, "good.xml"));
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_NE(good->oval("good.xml"), nullptr);
  auto missing = Content::load(benchmark_checking(dir, "missing.xml"));
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_EQ(missing->oval("missing.xml"), nullptr);

  for (const auto& [href, why] : std::vector<std::pair<std::string, std::string>>{
           {"doctype.xml", "document type declarations are refused"},
           {"broken.xml", "offset"},
           {"foreign.xml", "not an oval definitions document"},
           {"big.xml", "too large"}}) {
    auto loaded = Content::load(benchmark_checking(dir, href));
    ASSERT_FALSE(loaded) << href;
    EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidInput) << href;
    EXPECT_NE(loaded.error().message.find(href), std::string::npos) << loaded.error().message;
    EXPECT_NE(loaded.error().message.find("xccdf_x_rule_r"), std::string::npos)
        << loaded.error().message;
    EXPECT_NE(loaded.error().message.find(why), std::string::npos) << loaded.error().message;
  }
}

TEST(ContentTest, DefaultContentNamesTheMissingFile) {
  patchplan::testing::TempDir root;
  root.write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
  auto fs = RootFs::open(root.path().string());
  ASSERT_TRUE(fs);
  auto none = default_content(*fs, (root.path() / "content").string());
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("ssg-debian12-ds.xml"), std::string::npos);
  root.write("content/ssg-debian12-ds.xml", "<x/>");
  auto found = default_content(*fs, (root.path() / "content").string());
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, (root.path() / "content/ssg-debian12-ds.xml").string());
}

}  // namespace
}  // namespace patchplan::harden
