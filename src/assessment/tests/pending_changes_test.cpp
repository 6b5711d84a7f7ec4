#include "assessment/pending_changes.hpp"

#include <gtest/gtest.h>

namespace patchplan::assessment {
namespace {

store::PendingUpdate row(std::string package, std::string installed, std::string candidate) {
  return {std::move(package),  "amd64", std::move(installed), std::move(candidate), "src",
          "bookworm-security", true};
}

TEST(PendingChangesTest, ClassifiesAppearedResolvedAndChanged) {
  std::vector<store::PendingUpdate> before = {row("curl", "1", "2"), row("bash", "5", "6"),
                                              row("zlib1g", "1", "2")};
  std::vector<store::PendingUpdate> now = {row("zlib1g", "1", "3"), row("curl", "1", "2"),
                                           row("openssl", "3", "4")};
  auto changes = compare_pending(before, now);
  ASSERT_EQ(changes.appeared.size(), 1u);
  EXPECT_EQ(changes.appeared[0].package, "openssl");
  ASSERT_EQ(changes.resolved.size(), 1u);
  EXPECT_EQ(changes.resolved[0].package, "bash");
  ASSERT_EQ(changes.new_candidate.size(), 1u);
  EXPECT_EQ(changes.new_candidate[0].candidate_version, "3");
}

TEST(PendingChangesTest, SameRowsMeanNoChange) {
  std::vector<store::PendingUpdate> rows = {row("curl", "1", "2")};
  EXPECT_TRUE(compare_pending(rows, rows).empty());
  EXPECT_TRUE(compare_pending({}, {}).empty());
}

TEST(PendingChangesTest, SameNameOnTwoArchitecturesIsTwoRows) {
  auto amd64 = row("libc6", "1", "2");
  auto i386 = amd64;
  i386.architecture = "i386";
  auto changes = compare_pending({amd64}, {amd64, i386});
  ASSERT_EQ(changes.appeared.size(), 1u);
  EXPECT_EQ(changes.appeared[0].architecture, "i386");
}

}  // namespace
}  // namespace patchplan::assessment
