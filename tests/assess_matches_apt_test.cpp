// Integration: `patchplan assess --json` lists exactly the packages and candidates that
// `apt list --upgradable` lists, on every shared host root and on this machine. apt runs
// in a sandbox (APT_CONFIG of its own, a writable copy of the lists), never on the
// machine's own state except for the read-only listing of "/".
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "tests/cli_fixture.hpp"
#include "updates/tests/apt_oracle.hpp"

namespace patchplan::testing {
namespace {

using Upgrade = std::tuple<std::string, std::string, std::string>;  // name, arch, candidate

std::set<Upgrade> from_patchplan(const std::string& json) {
  std::set<Upgrade> out;
  auto doc = nlohmann::json::parse(json);  // named: a range over a temporary's member dangles
  for (const auto& update : doc["pending_updates"]) {
    std::string arch = update["architecture"];
    out.insert({update["package"], arch, update["candidate_version"]});
  }
  return out;
}

std::set<Upgrade> from_apt(const std::vector<updates::testing::UpgradableLine>& lines) {
  std::set<Upgrade> out;
  for (const auto& line : lines) out.insert({line.name, line.architecture, line.version});
  return out;
}

// apt prints "all" packages with arch "all", as the status file records them.
std::string describe(const std::set<Upgrade>& only) {
  std::string text;
  for (const auto& [name, arch, version] : only) text += name + ":" + arch + " " + version + "\n";
  return text;
}

void expect_same(const std::set<Upgrade>& ours, const std::set<Upgrade>& apt) {
  std::set<Upgrade> only_ours, only_apt;
  std::set_difference(ours.begin(), ours.end(), apt.begin(), apt.end(),
                      std::inserter(only_ours, only_ours.end()));
  std::set_difference(apt.begin(), apt.end(), ours.begin(), ours.end(),
                      std::inserter(only_apt, only_apt.end()));
  EXPECT_EQ(ours.size(), apt.size());
  EXPECT_TRUE(only_ours.empty()) << "only patchplan lists:\n" << describe(only_ours);
  EXPECT_TRUE(only_apt.empty()) << "only apt lists:\n" << describe(only_apt);
}

class AssessMatchesAptTest : public CliTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(AssessMatchesAptTest, SameUpgradableListAsApt) {
  auto root = shared_hosts() / GetParam();
  auto ours = patchplan({"assess", "--root", root.string(), "--db", db(), "--json", "-q"});
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  auto doc = nlohmann::json::parse(ours.out);
  std::string native = doc["host"]["architectures"]["native"];
  updates::testing::AptSandbox apt(root, scratch().path() / "apt", native);
  auto apt_list = apt.list_upgradable();
  ASSERT_FALSE(apt_list.empty()) << "apt lists nothing for " << GetParam();
  expect_same(from_patchplan(ours.out), from_apt(apt_list));
}

INSTANTIATE_TEST_SUITE_P(HostRoots, AssessMatchesAptTest, ::testing::ValuesIn(host_root_names()),
                         [](const auto& test_info) {
                           std::string name = test_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST_F(CliTest, SameUpgradableListAsAptOnThisMachine) {
  auto ours = patchplan({"assess", "--db", db(), "--json", "-q"});
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  auto apt = run_process({"apt", "list", "--upgradable"});
  ASSERT_EQ(apt.exit_code, 0) << apt.err;
  expect_same(from_patchplan(ours.out), from_apt(updates::testing::parse_apt_list(apt.out)));
}

}  // namespace
}  // namespace patchplan::testing
