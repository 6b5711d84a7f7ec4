#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "store/assessment_history.hpp"
#include "store/tests/store_fixture.hpp"

namespace patchplan::store {
namespace {

using testing::at;

PendingUpdate update(std::string package, std::string installed,
                     std::string architecture = "amd64") {
  return PendingUpdate{std::move(package),
                       std::move(architecture),
                       std::move(installed),
                       "99",
                       "",
                       "bookworm",
                       false};
}

Timestamp day(int n) { return at("2026-11-01T02:00:00.000Z") + std::chrono::days(n); }

class PendingSinceTest : public testing::StoreFixture {
 protected:
  void record(const std::string& host, int on_day, const std::vector<PendingUpdate>& pending) {
    auto recorded =
        history().record_assessment(host, day(on_day), R"({"schema_version": 1})", pending);
    ASSERT_TRUE(recorded.has_value()) << recorded.error().message;
  }

  std::optional<Timestamp> since(const std::string& package, const std::string& installed,
                                 const std::string& architecture = "amd64") {
    auto result = history().pending_since("web1", package, architecture, installed);
    if (!result) {
      ADD_FAILURE() << result.error().message;
      return std::nullopt;
    }
    return *result;
  }

  AssessmentHistory& history() { return store().assessments(); }
};

TEST_F(PendingSinceTest, EarliestSnapshotOfTheUnbrokenRunEndingNow) {
  EXPECT_EQ(since("curl", "1"), std::nullopt);  // no snapshot yet: first seen now

  record("web1", 1,
         {update("curl", "1"), update("openssl", "1"), update("vim", "1"), update("zlib", "1")});
  record("db1", 1, {update("openssl", "5")});  // another host's snapshot breaks no run of web1
  record("web1", 2,
         {update("curl", "1"), update("openssl", "1"), update("vim", "1"), update("zlib", "1")});
  record("web1", 3, {update("curl", "1"), update("vim", "1"), update("zlib", "1")});
  record("db1", 3, {});
  record("web1", 4,
         {update("curl", "1"), update("openssl", "1"), update("vim", "2"), update("zlib", "1")});
  record("web1", 5,
         {update("curl", "1"), update("openssl", "1"), update("vim", "2"), update("libc6", "1"),
          update("curl", "1", "i386")});

  EXPECT_EQ(since("curl", "1"), day(1));
  EXPECT_EQ(since("openssl", "1"), day(4));  // missing on day 3: the run starts again
  EXPECT_EQ(since("vim", "2"), day(4));      // a new installed version is a new run
  EXPECT_EQ(since("vim", "1"), std::nullopt);
  EXPECT_EQ(since("libc6", "1"), day(5));
  EXPECT_EQ(since("zlib", "1"), std::nullopt);  // no longer pending
  EXPECT_EQ(since("curl", "1", "i386"), day(5));
  EXPECT_EQ(history().pending_since("db1", "openssl", "amd64", "5").value(), std::nullopt);

  auto all = history().pending_since_all("web1");
  ASSERT_TRUE(all.has_value()) << all.error().message;
  const std::map<PendingKey, Timestamp> expected = {
      {{"curl", "amd64", "1"}, day(1)},  {{"curl", "i386", "1"}, day(5)},
      {{"libc6", "amd64", "1"}, day(5)}, {{"openssl", "amd64", "1"}, day(4)},
      {{"vim", "amd64", "2"}, day(4)},
  };
  EXPECT_EQ(*all, expected);
  EXPECT_TRUE(history().pending_since_all("nowhere").value().empty());
}

// The answer worked out the slow way from whole snapshots, newest first.
std::map<PendingKey, Timestamp> walk_snapshots(AssessmentHistory& history) {
  std::map<PendingKey, Timestamp> since;
  auto snapshot = history.latest_assessment("web1").value();
  std::set<PendingKey> open;
  for (const PendingUpdate& u : snapshot->pending) {
    open.insert({u.package, u.architecture, u.installed_version});
  }
  while (snapshot && !open.empty()) {
    std::set<PendingKey> listed;
    for (const PendingUpdate& u : snapshot->pending) {
      PendingKey key{u.package, u.architecture, u.installed_version};
      if (open.contains(key)) {
        since[key] = snapshot->taken_at;
        listed.insert(key);
      }
    }
    open = listed;
    snapshot = history.previous_assessment("web1", snapshot->id).value();
  }
  return since;
}

TEST_F(PendingSinceTest, BulkSingleAndSnapshotWalkAgreeOnRandomHistories) {
  std::mt19937 random(20261204);
  std::vector<int> installed(40, 1);
  for (int n = 0; n < 30; ++n) {
    std::vector<PendingUpdate> pending;
    for (std::size_t p = 0; p < installed.size(); ++p) {
      if (random() % 10 == 0) ++installed[p];  // an upgrade or a new version installed
      if (random() % 5 != 0) {
        pending.push_back(update(fmt::format("pkg{}", p), std::to_string(installed[p])));
      }
    }
    record("web1", n, pending);
    if (n % 7 == 0) record("other", n, pending);
  }

  const auto expected = walk_snapshots(history());
  auto all = history().pending_since_all("web1");
  ASSERT_TRUE(all.has_value()) << all.error().message;
  EXPECT_EQ(*all, expected);
  EXPECT_GT(expected.size(), 20u);
  for (const auto& [key, time] : expected) {
    EXPECT_EQ(since(key.package, key.installed_version), time) << key.package;
  }
}

TEST_F(PendingSinceTest, ThousandUpdatesOverTwentySnapshots) {
  // 1000 updates pending all along, except every tenth which has a new installed version
  // from day 10 on.
  for (int n = 0; n < 20; ++n) {
    std::vector<PendingUpdate> pending;
    for (int p = 0; p < 1000; ++p) {
      pending.push_back(
          update(fmt::format("package-{:04}", p), n >= 10 && p % 10 == 0 ? "2" : "1"));
    }
    record("web1", n, pending);
  }
  const auto started = std::chrono::steady_clock::now();
  auto all = history().pending_since_all("web1");
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(all.has_value()) << all.error().message;
  ASSERT_EQ(all->size(), 1000u);
  EXPECT_EQ(all->at({"package-0000", "amd64", "2"}), day(10));
  EXPECT_EQ(all->at({"package-0001", "amd64", "1"}), day(0));
  EXPECT_EQ(since("package-0010", "2"), day(10));
  EXPECT_EQ(since("package-0011", "1"), day(0));
  RecordProperty(
      "pending_since_all_ms",
      static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()));
}

}  // namespace
}  // namespace patchplan::store
