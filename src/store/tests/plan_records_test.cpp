// Tests of PlanRecords: versions per month, journal entries, approvals, bad documents.
#include "store/plan_records.hpp"

#include <gtest/gtest.h>

#include "common/tests/test_files.hpp"
#include "store/store.hpp"

namespace patchplan::store {
namespace {

class PlanRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.actor = Actor{"alice", 1000, "patchplan"};
    options.clock = [] { return *parse_timestamp("2026-12-04T10:00:00.000Z"); };
    auto opened = Store::open((dir_.path() / "db.sqlite").string(), options);
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_.emplace(std::move(*opened));
  }

  PlanRecords records() {
    return PlanRecords(store_->database(), store_->journal(), Actor{"alice", 1000, "patchplan"},
                       [] { return *parse_timestamp("2026-12-04T10:00:00.000Z"); });
  }

  testing::TempDir dir_;
  std::optional<Store> store_;
};

constexpr const char* kPlan =
    R"({"kind":"plan","from":"2026-12-04T10:00Z","until":"2027-02-04T10:00Z","waves":[]})";
constexpr const char* kFrom = "2026-12-04T10:00Z";
constexpr const char* kUntil = "2027-02-04T10:00Z";

TEST_F(PlanRecordsTest, PlansOfOneMonthGetIncreasingVersions) {
  auto plans = records();
  auto first = plans.record_plan(kPlan, kFrom, kUntil);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  auto second = plans.record_plan(kPlan, kFrom, kUntil);
  ASSERT_TRUE(second.has_value());
  auto other = plans.record_plan(R"({"from":"2027-01-01T00:00Z","until":"2027-02-01T00:00Z"})",
                                 "2027-01-01T00:00Z", "2027-02-01T00:00Z");
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(first->period, "2026-12");
  EXPECT_EQ(first->version, 1);
  EXPECT_EQ(second->version, 2);
  EXPECT_EQ(other->period, "2027-01");
  EXPECT_EQ(other->version, 1);
  auto found = plans.find(second->id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->document, kPlan);  // kept byte for byte
  EXPECT_EQ(found->document, second->document);
  EXPECT_EQ(found->digest, second->digest);
  EXPECT_TRUE(found->approvals.empty());
}

TEST_F(PlanRecordsTest, ApprovalIsJournaledWithWhoAndWhen) {
  auto plans = records();
  auto plan = plans.record_plan(kPlan, kFrom, kUntil);
  ASSERT_TRUE(plan.has_value());
  auto approval = plans.approve(plan->id, "CAB 2026-12-05");
  ASSERT_TRUE(approval.has_value()) << approval.error().message;
  EXPECT_EQ(approval->approved_by, "alice");
  EXPECT_EQ(approval->approved_at, "2026-12-04T10:00:00.000Z");
  auto entries = store_->journal().list({});
  ASSERT_TRUE(entries.has_value());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].change.action, "plan.create");
  EXPECT_EQ((*entries)[1].change.action, "plan.approve");
  EXPECT_EQ((*entries)[1].change.reason, "CAB 2026-12-05");
  EXPECT_EQ((*entries)[1].change.after_digest, plan->digest);
  EXPECT_EQ((*entries)[1].id, approval->journal_id);
  auto found = plans.find(plan->id);
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->approvals.size(), 1u);
  EXPECT_TRUE(store_->journal().verify()->intact());
}

TEST_F(PlanRecordsTest, UnknownPlanAndBadDocumentsAreRefused) {
  auto plans = records();
  auto missing = plans.approve(42);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(plans.record_plan("[]", kFrom, kUntil).has_value());
  EXPECT_FALSE(plans.record_plan("{", kFrom, kUntil).has_value());
  EXPECT_FALSE(plans.record_plan("", kFrom, kUntil).has_value());
  auto bad_time = plans.record_plan(kPlan, "2026-12", kUntil);
  ASSERT_FALSE(bad_time.has_value());
  EXPECT_EQ(bad_time.error().message,
            "a plan's 'from' and 'until' are ISO UTC times, not '2026-12' and "
            "'2027-02-04T10:00Z'");
  EXPECT_FALSE(plans.record_plan(kPlan, kFrom, "2027-02-04 10:00").has_value());
  auto entries = store_->journal().list({});
  ASSERT_TRUE(entries.has_value());
  EXPECT_TRUE(entries->empty());
}

}  // namespace
}  // namespace patchplan::store
