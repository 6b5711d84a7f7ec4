#include "store/deploy_records.hpp"

#include <gtest/gtest.h>

#include "store/tests/store_fixture.hpp"

namespace patchplan::store {
namespace {

using testing::at;
using DeployRecordsTest = testing::StoreFixture;

DeployChangeRecord change_record(const std::string& id) {
  return {id, at("2026-12-04T10:00:00.000Z"), R"({"change_id":")" + id + "\"}", "running"};
}

std::vector<DeployHostRecord> two_hosts(const std::string& id) {
  DeployHostRecord canary;
  canary.change_id = id;
  canary.host = "web2";
  canary.ring = 0;
  DeployHostRecord later = canary;
  later.host = "web1";
  later.ring = 1;
  return {later, canary};
}

TEST_F(DeployRecordsTest, ChangeAndHostsReadBackInRingOrder) {
  DeployRecords records(store().database());
  ASSERT_TRUE(records.create_change(change_record("c1"), two_hosts("c1")));
  auto change = records.change("c1");
  ASSERT_TRUE(change.has_value()) << change.error().message;
  EXPECT_EQ(change->state, "running");
  EXPECT_EQ(change->request, R"({"change_id":"c1"})");
  auto hosts = records.hosts("c1");
  ASSERT_TRUE(hosts.has_value()) << hosts.error().message;
  ASSERT_EQ(hosts->size(), 2u);
  EXPECT_EQ((*hosts)[0].host, "web2");
  EXPECT_EQ((*hosts)[0].step, "pending");
  EXPECT_EQ((*hosts)[1].host, "web1");
}

TEST_F(DeployRecordsTest, ExistingChangeIdIsAConflict) {
  DeployRecords records(store().database());
  ASSERT_TRUE(records.create_change(change_record("c1"), two_hosts("c1")));
  auto again = records.create_change(change_record("c1"), {});
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().message,
            "change 'c1' exists already: complete it with 'deploy --resume c1', or give a new "
            "attempt a change_id of its own");
}

TEST_F(DeployRecordsTest, MissingChangeIsNotFound) {
  DeployRecords records(store().database());
  auto change = records.change("nope");
  ASSERT_FALSE(change.has_value());
  EXPECT_EQ(change.error().code, ErrorCode::kNotFound);
}

TEST_F(DeployRecordsTest, HostUpdatesPersist) {
  DeployRecords records(store().database());
  ASSERT_TRUE(records.create_change(change_record("c1"), two_hosts("c1")));
  DeployHostRecord host = two_hosts("c1")[1];
  host.step = "install";
  host.state = "running";
  host.checkpoint = R"({"demo-svc:all":"1.0-1"})";
  ASSERT_TRUE(records.update_host(host));
  ASSERT_TRUE(records.set_change_state("c1", "halted"));
  EXPECT_EQ(records.hosts("c1").value()[0].step, "install");
  EXPECT_EQ(records.hosts("c1").value()[0].checkpoint, host.checkpoint);
  EXPECT_EQ(records.change("c1").value().state, "halted");
}

TEST_F(DeployRecordsTest, SecondChangeOnALockedHostIsRefusedUntilReleased) {
  DeployRecords records(store().database());
  ASSERT_TRUE(records.create_change(change_record("c1"), two_hosts("c1")));
  ASSERT_TRUE(records.create_change(change_record("c2"), two_hosts("c2")));
  ASSERT_TRUE(records.lock_host("web1", "c1", 100, at("2026-12-04T10:00:00.000Z")));
  ASSERT_TRUE(records.lock_host("web1", "c1", 200, at("2026-12-04T10:05:00.000Z")));
  EXPECT_EQ(records.host_lock("web1").value()->pid, 200);

  auto refused = records.lock_host("web1", "c2", 300, at("2026-12-04T10:06:00.000Z"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().message,
            "host 'web1' is locked by change 'c1' (process 200, since 2026-12-04T10:05:00.000Z): "
            "finish it with 'patchplan deploy --resume c1' or 'patchplan rollback c1'");

  ASSERT_TRUE(records.unlock_host("web1", "c2"));  // not the holder: nothing happens
  EXPECT_TRUE(records.host_lock("web1").value().has_value());
  ASSERT_TRUE(records.unlock_host("web1", "c1"));
  EXPECT_FALSE(records.host_lock("web1").value().has_value());
  EXPECT_TRUE(records.lock_host("web1", "c2", 300, at("2026-12-04T10:07:00.000Z")));
}

}  // namespace
}  // namespace patchplan::store
