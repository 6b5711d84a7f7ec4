#include "assessment/update_priority.hpp"

#include <gtest/gtest.h>

namespace patchplan::assessment {
namespace {

updates::PackageUpdate update_from(std::string label, std::string codename) {
  updates::PackageUpdate update;
  update.name = "openssl";
  updates::ReleaseOrigin origin;
  origin.origin = "Debian";
  origin.label = std::move(label);
  origin.codename = std::move(codename);
  update.candidate_from.push_back(origin);
  update.security = update.candidate_from.front().is_security();
  return update;
}

TEST(UpdatePriorityTest, SecurityUpdateIsImportantAndNamesItsSuite) {
  auto priority = prioritise(update_from("Debian-Security", "bookworm-security"));
  EXPECT_EQ(priority.tier, Tier::kImportant);
  EXPECT_EQ(priority.reason, "security update from bookworm-security");
}

TEST(UpdatePriorityTest, OtherUpdateIsMinor) {
  auto priority = prioritise(update_from("Debian", "bookworm-updates"));
  EXPECT_EQ(priority.tier, Tier::kMinor);
}

TEST(UpdatePriorityTest, RulesAreDataAndFirstMatchWins) {
  std::array<PriorityRule, 1> everything_critical = {
      {{PriorityRule::Condition::kAnyUpdate, Tier::kCritical}}};
  EXPECT_EQ(prioritise(update_from("Debian", "bookworm"), everything_critical).tier,
            Tier::kCritical);
}

TEST(UpdatePriorityTest, TierNamesAreThePlanTiers) {
  EXPECT_EQ(tier_name(Tier::kCritical), "critical");
  EXPECT_EQ(tier_name(Tier::kImportant), "important");
  EXPECT_EQ(tier_name(Tier::kMinor), "minor");
}

}  // namespace
}  // namespace patchplan::assessment
