// The in-process reads that replaced commands: the dpkg database against dpkg-query, the
// candidates against apt-cache policy, the sizes against apt-cache show, on sandbox roots.
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

#include "common/tests/run_process.hpp"
#include "deploy/apt_indexes.hpp"
#include "deploy/dpkg_database.hpp"
#include "deploy/exact_install.hpp"
#include "deploy/tests/sandbox_root.hpp"

namespace patchplan::deploy {
namespace {

class HostReadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::can_sandbox()) GTEST_SKIP() << testing::kNeedsRoot;
  }

  // dpkg-query's view of every package: "name:arch version status conffiles".
  static std::string dpkg_query_view(testing::SandboxRoot& host) {
    auto result = patchplan::testing::run_process(
        {"dpkg-query", "--root=" + host.root().string(), "-W",
         "-f=${Package}:${Architecture} ${Version} ${Status}${Conffiles}\n"});
    return result.out;
  }

  static std::string our_view(const DpkgDatabase& database) {
    std::string out;
    for (const auto& [key, package] : database.packages) {
      out += fmt::format("{} {} {} {} {}", key, package.version,
                         inventory::selection_name(package.status.selection),
                         package.status.reinstall_required ? "reinstreq" : "ok",
                         inventory::state_name(package.status.state));
      // dpkg-query prints ${Conffiles} as " path md5" lines, the first on the same line.
      for (std::size_t i = 0; i < package.conffiles.size(); ++i) {
        out += fmt::format("{} {} {}", i == 0 ? "" : "\n", package.conffiles[i].path,
                           package.conffiles[i].md5);
      }
      out += "\n";
    }
    return out;
  }

  // apt-cache's field `field` of name=version in the host.
  static std::uint64_t apt_cache_field(testing::SandboxRoot& host, const std::string& word,
                                       const std::string& field) {
    auto shown = host.transport().run(make_command(Tool::kApt, {"apt-cache", "show", word}));
    EXPECT_TRUE(shown.has_value() && shown->succeeded());
    std::istringstream lines(shown ? shown->output : "");
    std::string line;
    while (std::getline(lines, line)) {
      if (line.starts_with(field + ": ")) return std::stoull(line.substr(field.size() + 2));
    }
    return 0;
  }
};

TEST_F(HostReadsTest, DatabaseMatchesDpkgQueryWithConffiles) {
  testing::SandboxRoot host;
  host.install({"demo-lib=1.0-1", "demo-svc=1.0-1"});
  auto database = read_dpkg_database(host.transport());
  ASSERT_TRUE(database.has_value()) << database.error().message;
  EXPECT_EQ(our_view(*database), dpkg_query_view(host));
  ASSERT_EQ(database->packages.count("demo-svc:all"), 1u);
  EXPECT_EQ(database->packages.at("demo-svc:all").conffiles.size(), 1u);
  EXPECT_EQ(database->status.packages.size(), database->packages.size());
}

TEST_F(HostReadsTest, JournalEntriesReplaceTheStatusAsDpkgQuerySeesThem) {
  testing::SandboxRoot host;
  host.install({"demo-lib=1.0-1"});
  // A journal entry as dpkg writes one mid-upgrade (lib/dpkg/dbmodify.c modstatdb_note).
  std::ofstream(host.root() / "var/lib/dpkg/updates/0000")
      << "Package: demo-lib\nStatus: install reinstreq half-installed\nArchitecture: all\n"
         "Version: 1.0-1\nMaintainer: t <t@example.org>\nDescription: x\n\n";
  std::ofstream(host.root() / "var/lib/dpkg/updates/tmp.i") << "garbage";
  auto database = read_dpkg_database(host.transport());
  ASSERT_TRUE(database.has_value()) << database.error().message;
  EXPECT_EQ(our_view(*database), dpkg_query_view(host));
  EXPECT_TRUE(database->packages.at("demo-lib:all").status.reinstall_required);
}

TEST_F(HostReadsTest, MissingStatusFileIsAnErrorNamingIt) {
  testing::SandboxRoot host;
  std::filesystem::remove(host.root() / "var/lib/dpkg/status");
  auto database = read_dpkg_database(host.transport());
  ASSERT_FALSE(database.has_value());
  EXPECT_NE(database.error().message.find("var/lib/dpkg/status"), std::string::npos)
      << database.error().message;
}

TEST_F(HostReadsTest, MalformedStanzaIsSkippedWithAWarning) {
  testing::SandboxRoot host;
  host.install({"demo-lib=1.0-1"});
  std::ofstream(host.root() / "var/lib/dpkg/status", std::ios::app)
      << "\nPackage: broken\nStatus: nonsense\nVersion: 1\n\n";
  auto database = read_dpkg_database(host.transport());
  ASSERT_TRUE(database.has_value());
  EXPECT_EQ(database->packages.count("demo-lib:all"), 1u);
  EXPECT_FALSE(database->status.warnings.empty());
}

TEST_F(HostReadsTest, NativeArchitectureIsThatOfThisMachinesDpkg) {
  testing::SandboxRoot host;
  auto database = read_dpkg_database(host.transport());
  ASSERT_TRUE(database.has_value());
  auto native = native_architecture_of(host.transport(), *database);
  ASSERT_TRUE(native.has_value());
  auto oracle = patchplan::testing::run_process({"dpkg", "--print-architecture"});
  EXPECT_EQ(*native + "\n", oracle.out);
}

TEST_F(HostReadsTest, CandidatesMatchAptCachePolicy) {
  testing::SandboxRoot host;
  host.install({"demo-lib=1.0-1", "demo-svc=1.0-1"});
  auto database = read_dpkg_database(host.transport());
  ASSERT_TRUE(database.has_value());
  auto candidates = installed_candidates(host.transport(), *database, "amd64");
  ASSERT_TRUE(candidates.has_value()) << candidates.error().message;
  auto policy = candidate_versions(
      host.transport(), {{"demo-lib", "all", "1.1-1"}, {"demo-svc", "all", "1.1-1"}}, "amd64");
  ASSERT_TRUE(policy.has_value());
  EXPECT_EQ(candidates->at("demo-lib:all"), policy->at("demo-lib").candidate);
  EXPECT_EQ(candidates->at("demo-svc:all"), policy->at("demo-svc").candidate);
  EXPECT_EQ(candidates->at("demo-svc:all"), "1.3-1");
}

TEST_F(HostReadsTest, SizesMatchAptCacheShow) {
  testing::SandboxRoot host;
  std::vector<SimulatedAction> actions = {{false, "demo-svc", "", "1.1-1"},
                                          {false, "demo-lib", "", "1.1-1"},
                                          {true, "demo-extra", "1.0-1", ""}};
  auto sizes = index_sizes(host.transport(), actions, "amd64");
  ASSERT_TRUE(sizes.has_value()) << sizes.error().message;
  EXPECT_EQ(sizes->download, apt_cache_field(host, "demo-svc=1.1-1", "Size") +
                                 apt_cache_field(host, "demo-lib=1.1-1", "Size"));
  EXPECT_EQ(sizes->installed, 1024 * (apt_cache_field(host, "demo-svc=1.1-1", "Installed-Size") +
                                      apt_cache_field(host, "demo-lib=1.1-1", "Installed-Size")));
  EXPECT_GT(sizes->download, 0u);
}

TEST_F(HostReadsTest, SizeOfAVersionNoListHasIsNotFound) {
  testing::SandboxRoot host;
  auto sizes = index_sizes(host.transport(), {{false, "demo-svc", "", "9.9-9"}}, "amd64");
  ASSERT_FALSE(sizes.has_value());
  EXPECT_EQ(sizes.error().code, ErrorCode::kNotFound);
  EXPECT_NE(sizes.error().message.find("'demo-svc' 9.9-9"), std::string::npos);
}

std::string actions_text(std::vector<SimulatedAction> actions) {
  std::sort(actions.begin(), actions.end(), [](const auto& a, const auto& b) {
    return std::tie(a.name, a.new_version) < std::tie(b.name, b.new_version);
  });
  std::string out;
  for (const auto& action : actions) {
    out += fmt::format("{} {} [{}] ({})\n", action.remove ? "Remv" : "Inst", action.name,
                       action.old_version, action.new_version);
  }
  return out;
}

// The in-process install check against apt-get -s on the lab repository: where it answers,
// its actions are apt's; where apt would bring more (an upgrade not planned, a new
// dependency), it leaves the decision to apt.
TEST_F(HostReadsTest, ExactInstallAgreesWithAptGetSimulate) {
  struct Case {
    std::vector<std::string> installed;
    std::vector<std::string> pins;  // "name=version"
    bool exact;
  };
  const std::vector<Case> cases = {
      {{"demo-lib=1.0-1", "demo-svc=1.0-1"}, {"demo-svc=1.1-1", "demo-lib=1.1-1"}, true},
      {{"demo-lib=1.0-1", "demo-svc=1.0-1"}, {"demo-lib=1.1-1"}, true},
      {{"demo-lib=1.0-1", "demo-svc=1.0-1"}, {"demo-svc=1.1-1"}, false},
      {{"demo-lib=1.1-1", "demo-svc=1.1-1"}, {"demo-svc=1.3-1"}, false},
      {{"demo-lib=1.1-1", "demo-extra=1.0-1"}, {"demo-svc=1.3-1"}, true},
      {{"demo-lib=1.0-1"}, {"demo-slow=1.1-1", "demo-lib=1.1-1"}, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(
        fmt::format("installed {}, pins {}", fmt::join(c.installed, " "), fmt::join(c.pins, " ")));
    testing::SandboxRoot host;
    host.install(c.installed);
    auto database = read_dpkg_database(host.transport());
    ASSERT_TRUE(database.has_value());
    auto native = native_architecture_of(host.transport(), *database);
    ASSERT_TRUE(native.has_value());
    std::vector<SimulatedAction> wanted;
    for (const auto& pin : c.pins) {
      wanted.push_back({false, pin.substr(0, pin.find('=')), "", pin.substr(pin.find('=') + 1)});
    }
    auto versions = read_index_versions(host.transport(), wanted, *native);
    ASSERT_TRUE(versions.has_value()) << versions.error().message;
    auto exact = exact_install(database->packages, *versions, *native);
    auto apt = simulate_install(host.transport(), c.pins);
    ASSERT_TRUE(apt.has_value()) << apt.error().message;
    EXPECT_EQ(exact.actions.has_value(), c.exact) << exact.why_not;
    if (exact.actions) {
      EXPECT_EQ(actions_text(*exact.actions), actions_text(*apt));
    } else {
      EXPECT_GT(apt->size(), c.pins.size()) << "apt did only the pins: " << exact.why_not;
    }
  }
}

}  // namespace
}  // namespace patchplan::deploy
