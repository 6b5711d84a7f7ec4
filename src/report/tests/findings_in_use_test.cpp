// Findings carry the host's runtime use (the matcher fills in_use) into the JSON and text
// reports: a real listener of this test process, owned by package t through a dpkg list.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "common/tests/test_files.hpp"
#include "common/unique_fd.hpp"
#include "inventory/tests/loopback_listener.hpp"
#include "report/findings_json.hpp"
#include "report/findings_text.hpp"
#include "vulns/tests/host_fixture.hpp"
#include "vulns/vulnerability_matcher.hpp"

namespace patchplan::report {
namespace {

namespace fs = std::filesystem;

class FindingsInUseTest : public ::testing::Test {
 protected:
  FindingsInUseTest() {
    host_.add("t", "1.0-1", "t", "1.0-1", "1.0-2", "1.0-2");
    host_.add("idle", "1.0-1", "idle", "1.0-1", "1.0-2", "1.0-2");
    vulns::FeedInfo tracker{
        feeds::FeedKind::kDebianTracker, "tracker", true,        now_ - std::chrono::hours(1),
        std::chrono::hours(48),          "",        std::nullopt};
    std::vector<feeds::SourceAdvisory> advisories;
    for (const char* source : {"t", "idle"}) {
      advisories.push_back(vulns::testing::advisory("CVE-2024-2222", source,
                                                    feeds::AdvisoryStatus::kFixed, "1.0-2"));
    }
    index_ = std::make_unique<vulns::AdvisoryIndex>(std::move(advisories), std::vector{tracker},
                                                    std::vector<feeds::SourceVersion>{});
  }

  // Assesses the fixture host with `use`, then renders both reports.
  void assess(const inventory::RuntimeUse* use) {
    vulns::VulnerabilityMatcher matcher(*index_, kev_, epss_, policy_);
    findings_ = matcher.assess(host_.with_pending(), now_, use);
    by_update_ = vulns::findings_by_update(findings_);
    FindingsView view{&findings_, &by_update_, &feed_ages_, &policy_};
    json_ = findings_to_json(view);
    text_ = findings_text(view, Terminal::plain());
  }

  const nlohmann::json& in_use_of(std::string_view package) const {
    for (const nlohmann::json& finding : json_["findings"]) {
      if (finding["package"] == package) return finding["in_use"];
    }
    ADD_FAILURE() << "no finding for " << package;
    return json_;
  }

  store::Timestamp now_ = store::system_now();
  vulns::testing::HostFixture host_;
  std::unique_ptr<vulns::AdvisoryIndex> index_;
  vulns::KevIndex kev_;
  vulns::EpssIndex epss_;
  vulns::RankingPolicy policy_ = vulns::RankingPolicy::default_policy();
  std::vector<feeds::FeedAge> feed_ages_;
  vulns::Findings findings_;
  std::vector<vulns::UpdateFindings> by_update_;
  nlohmann::json json_;
  std::string text_;
};

TEST_F(FindingsInUseTest, ListeningProcessOfThePackageIsShownInJsonAndText) {
  auto listener = inventory::testing::open_loopback_listener();
  ASSERT_TRUE(listener.has_value());
  const std::uint16_t port = listener->port;

  patchplan::testing::TempDir dir;
  dir.write("dpkg/info/t:amd64.list", fs::read_symlink("/proc/self/exe").string() + "\n");
  auto root = RootFs::open("/");
  ASSERT_TRUE(root) << root.error().message;
  inventory::RuntimeUseOptions options;
  options.admin_dir = (dir.path() / "dpkg").string();
  options.pids = {static_cast<int>(::getpid())};
  auto use = inventory::read_runtime_use(*root, options);
  ASSERT_TRUE(use) << use.error().message;
  const inventory::PackageUse* t = use->find("t", "amd64");
  ASSERT_NE(t, nullptr);
  ASSERT_FALSE(t->processes.empty());
  const std::string name = t->processes[0].name;

  assess(&*use);
  const nlohmann::json& in_use = in_use_of("t");
  EXPECT_EQ(in_use["determined"], true);
  EXPECT_TRUE(in_use["reason"].is_null());
  EXPECT_EQ(in_use["process_count"], 1);
  EXPECT_EQ(in_use["processes"][0]["pid"], ::getpid());
  ASSERT_EQ(in_use["listening"].size(), 1u);
  EXPECT_EQ(in_use["listening"][0]["protocol"], "tcp");
  EXPECT_EQ(in_use["listening"][0]["address"], "127.0.0.1");
  EXPECT_EQ(in_use["listening"][0]["port"], port);
  EXPECT_EQ(in_use["listening"][0]["process"], name);
  const nlohmann::json& idle = in_use_of("idle");
  EXPECT_EQ(idle["determined"], true);
  EXPECT_EQ(idle["process_count"], 0);
  EXPECT_TRUE(idle["listening"].empty());
  EXPECT_EQ(json_["runtime_use"]["determined"], true);
  EXPECT_EQ(json_["runtime_use"]["processes_scanned"], 1);
  EXPECT_EQ(json_["runtime_use"]["processes_skipped"], 0);
  const std::string mark = "in use: " + name + " listening on tcp/" + std::to_string(port);
  EXPECT_NE(text_.find(mark), std::string::npos) << text_;
  EXPECT_EQ(text_.find("in use:"), text_.rfind("in use:")) << "only t is marked:\n" << text_;
}

TEST_F(FindingsInUseTest, OfflineRootSaysNotDeterminedInJsonAndText) {
  patchplan::testing::TempDir dir;
  auto root = RootFs::open(dir.path().string());
  ASSERT_TRUE(root) << root.error().message;
  auto use = inventory::read_runtime_use(*root);
  ASSERT_TRUE(use) << use.error().message;
  assess(&*use);
  const nlohmann::json& in_use = in_use_of("t");
  EXPECT_EQ(in_use["determined"], false);
  EXPECT_EQ(in_use["reason"], "not determined on an offline root");
  EXPECT_TRUE(in_use["processes"].empty());
  EXPECT_EQ(json_["runtime_use"]["determined"], false);
  EXPECT_EQ(json_["runtime_use"]["reason"], "not determined on an offline root");
  EXPECT_NE(text_.find("in use: not determined on an offline root\n"), std::string::npos) << text_;
}

TEST_F(FindingsInUseTest, UnreadRuntimeUseIsNotDetermined) {
  assess(nullptr);
  EXPECT_EQ(in_use_of("t")["determined"], false);
  EXPECT_EQ(in_use_of("t")["reason"], "runtime use was not read");
  EXPECT_EQ(json_["runtime_use"]["reason"], "runtime use was not read");
  EXPECT_EQ(text_.find("in use:"), std::string::npos) << text_;
}

}  // namespace
}  // namespace patchplan::report
