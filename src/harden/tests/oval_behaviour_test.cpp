// Oracle test: the probe-behaviour documents of the SCAP lab (textfilecontent54 instances and
// multiline, NUL bytes, non-UTF-8, symlinks, loops, int parsing, missing entities, negation of
// error...) give, definition by definition, the results oscap 1.3.7 gave for them.
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "harden/tests/oval_fixture.hpp"

namespace patchplan::harden {
namespace {

const std::filesystem::path kLab = PATCHPLAN_SHARED_DIR "/lab/scap/behaviour";

// The fixtures at ROOT/tmp/scap-behaviour/fx, with the symlinks that the shared copy holds
// as files whose text is the link target.
void install_fixtures(const std::filesystem::path& root) {
  const auto target = root / "tmp/scap-behaviour/fx";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kLab / "fx")) {
    const auto relative = std::filesystem::relative(entry.path(), kLab / "fx");
    const auto destination = target / relative;
    if (entry.is_directory()) {
      std::filesystem::create_directories(destination);
      continue;
    }
    std::filesystem::create_directories(destination.parent_path());
    const std::string name = relative.string();
    if (name == "dangling.txt" || name == "link_to_multi.txt" || name == "loop/sub/up") {
      std::ifstream in(entry.path());
      std::string link;
      std::getline(in, link);
      std::filesystem::create_symlink(link, destination);
    } else {
      std::filesystem::copy_file(entry.path(), destination);
    }
  }
}

std::map<std::string, std::string> oscap_results(const std::filesystem::path& file) {
  std::map<std::string, std::string> out;
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_file(file.c_str()));
  for (pugi::xpath_node node : doc.select_nodes("//*[local-name()='definition'][@result]")) {
    out[node.node().attribute("definition_id").value()] = node.node().attribute("result").value();
  }
  return out;
}

class ProbeBehaviourTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ProbeBehaviourTest, EveryDefinitionGivesOscapsResult) {
  patchplan::testing::TempDir root;
  install_fixtures(root.path());
  const auto expected = oscap_results(kLab / (GetParam() + ".results.xml"));
  ASSERT_FALSE(expected.empty());
  harden::testing::OvalRun run((kLab / (GetParam() + ".xml")).string(), root.path().string());
  for (const auto& [id, result] : expected) {
    EXPECT_EQ(result_name(run.definition(id)), result) << id;
  }
}

INSTANTIATE_TEST_SUITE_P(LabDocuments, ProbeBehaviourTest,
                         ::testing::Values("probe-behaviour", "probe-behaviour2"));

}  // namespace
}  // namespace patchplan::harden
