// Tests of ring membership and slots (FNV-1a of the name; expected values computed with an
// independent Python FNV-1a) and of the planner's argument checks.
#include "plan/planner.hpp"

#include <gtest/gtest.h>

#include "plan/policy_loader.hpp"

namespace patchplan::plan {
namespace {

TEST(PlannerTest, RingMembershipByNameTagGlobThenPercentage) {
  auto policy = parse_policy(
      "rings:\n  - {name: canary, tags: [canary]}\n  - {name: web, names: ['web-*']}\n"
      "  - {name: pilot, percentage: 30}\n  - {name: broad}\n",
      "p.yaml");
  ASSERT_TRUE(policy.has_value()) << policy.error().message;
  HostEntry tagged;
  tagged.tags = {"canary"};
  HostEntry named;
  named.ring = "broad";
  named.tags = {"canary"};
  EXPECT_EQ(ring_of(*policy, &tagged, "db-1", {}), 0u);
  EXPECT_EQ(ring_of(*policy, &named, "db-1", {}), 3u);  // an explicit ring wins
  EXPECT_EQ(ring_of(*policy, nullptr, "web-1", {}), 1u);
  EXPECT_EQ(ring_of(*policy, nullptr, "x", {"canary"}), 0u);  // the class's tags count
  EXPECT_EQ(ring_of(*policy, nullptr, "b", {}), 2u);          // FNV-1a("b") % 100 = 29 < 30
  EXPECT_EQ(ring_of(*policy, nullptr, "a", {}), 3u);          // FNV-1a("a") % 100 = 96
}

TEST(PlannerTest, SlotIsStableInsideThePortionOfTheWindow) {
  const Instant start = *parse_instant("2026-12-08T22:00Z");
  Spreading spreading;  // first 50 %, 5-minute steps: 12 slots in 2 hours
  EXPECT_EQ(format_instant(host_slot("web-1", start, std::chrono::hours(2), spreading)),
            "2026-12-08T22:35Z");  // FNV-1a("web-1") % 12 = 7
  EXPECT_EQ(format_instant(host_slot("db-1", start, std::chrono::hours(2), spreading)),
            "2026-12-08T22:45Z");  // % 12 = 9
  spreading.portion = 0;
  EXPECT_EQ(host_slot("web-1", start, std::chrono::hours(2), spreading), start);
}

TEST(PlannerTest, PlanThatEndsBeforeItStartsIsAUsageError) {
  PlanInput input;
  input.policy = &default_policy();
  input.now = *parse_instant("2026-12-08T00:00Z");
  input.until = *parse_instant("2026-12-01T00:00Z");
  auto plan = make_plan(input);
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().code, ErrorCode::kUsage);
}

}  // namespace
}  // namespace patchplan::plan
