// Tests of the version order on the golden table, through all three compare functions.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "versions/deb_version.hpp"
#include "versions/tests/golden_pairs.hpp"
#include "versions/version_parts.hpp"

namespace patchplan::versions {
namespace {

int sign(int value) { return (value > 0) - (value < 0); }

int parsed_order(std::string_view a, std::string_view b) {
  Expected<DebVersion> a_version = parse_deb_version(a);
  Expected<DebVersion> b_version = parse_deb_version(b);
  EXPECT_TRUE(a_version && b_version) << a << " / " << b;
  if (!a_version || !b_version) return 2;
  return sign(compare_deb_versions(*a_version, *b_version));
}

int checked_order(std::string_view a, std::string_view b) {
  Expected<int> order = compare_checked(a, b);
  EXPECT_TRUE(order.has_value()) << (order ? "" : order.error().message);
  return order ? sign(*order) : 2;
}

TEST(DebVersionCompareTest, GoldenTableHoldsForEveryCompareFunction) {
  for (const testing::GoldenPair& pair : testing::kGoldenPairs) {
    EXPECT_EQ(sign(compare_deb_version_strings(pair.a, pair.b)), pair.order)
        << pair.a << " vs " << pair.b;
    EXPECT_EQ(parsed_order(pair.a, pair.b), pair.order) << pair.a << " vs " << pair.b;
    EXPECT_EQ(checked_order(pair.a, pair.b), pair.order) << pair.a << " vs " << pair.b;
  }
}

TEST(DebVersionCompareTest, GoldenTableIsAntisymmetric) {
  for (const testing::GoldenPair& pair : testing::kGoldenPairs) {
    EXPECT_EQ(sign(compare_deb_version_strings(pair.b, pair.a)), -pair.order)
        << pair.b << " vs " << pair.a;
    EXPECT_EQ(parsed_order(pair.b, pair.a), -pair.order) << pair.b << " vs " << pair.a;
  }
}

TEST(DebVersionCompareTest, TildeSortsBeforeEmpty) {
  EXPECT_LT(detail::verrevcmp("~~", "~"), 0);
  EXPECT_LT(detail::verrevcmp("~", ""), 0);
  EXPECT_GT(detail::verrevcmp("", "~"), 0);
  EXPECT_EQ(detail::verrevcmp("", ""), 0);
}

TEST(DebVersionCompareTest, LettersSortBeforeNonLetters) {
  EXPECT_LT(detail::verrevcmp("a", "+"), 0);
  EXPECT_LT(detail::verrevcmp("z", "."), 0);
  EXPECT_LT(detail::verrevcmp("Z", "a"), 0);
  EXPECT_GT(detail::verrevcmp("a", ""), 0);
  EXPECT_GT(detail::verrevcmp("+", ""), 0);
}

TEST(DebVersionCompareTest, RevisionZeroEqualsNoRevision) {
  EXPECT_EQ(detail::verrevcmp("0", ""), 0);
  EXPECT_EQ(compare_deb_version_strings("1.0-0", "1.0"), 0);
  EXPECT_EQ(compare_deb_version_strings("1.0-00", "1.0-0"), 0);
}

TEST(DebVersionCompareTest, HugeDigitRunsCompareWithoutOverflow) {
  const std::string nines(5000, '9');
  const std::string zeros(5000, '0');
  EXPECT_LT(compare_deb_version_strings(nines, "1" + zeros), 0);
  EXPECT_EQ(compare_deb_version_strings(zeros + nines, nines), 0);
  EXPECT_GT(compare_deb_version_strings(nines + "-" + nines, nines + "-" + nines.substr(1)), 0);
  EXPECT_LT(compare_deb_version_strings("1." + nines + "8", "1." + nines + "9"), 0);
}

TEST(DebVersionCompareTest, LargestEpochsCompareNumerically) {
  EXPECT_GT(compare_deb_version_strings("2147483647:0", "2147483646:0"), 0);
  EXPECT_LT(compare_deb_version_strings("0:99", "2147483647:0"), 0);
  EXPECT_EQ(compare_deb_version_strings("0000000000002147483647:0", "2147483647:0"), 0);
}

TEST(DebVersionCompareTest, CompareCheckedNamesTheInvalidVersion) {
  Expected<int> first = compare_checked("1 2", "1.0");
  ASSERT_FALSE(first.has_value());
  EXPECT_EQ(first.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(first.error().message, "invalid version '1 2': embedded blank");

  Expected<int> second = compare_checked("1.0", "a:1");
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().message, "invalid version 'a:1': epoch 'a' is not a number");

  Expected<int> both = compare_checked("", "1-");
  ASSERT_FALSE(both.has_value());
  EXPECT_EQ(both.error().message, "invalid version '': empty version string");
}

TEST(DebVersionCompareTest, StringCompareStaysInsideInvalidInput) {
  // The order is unspecified, but no read may pass either end (run with PATCHPLAN_SANITIZE).
  for (std::string_view text : {std::string_view(""), std::string_view(":"), std::string_view("-"),
                                std::string_view("a\0", 2), std::string_view("\0", 1),
                                std::string_view("\xff:\xff-\xff")}) {
    EXPECT_EQ(compare_deb_version_strings(text, text), 0);
    static_cast<void>(compare_deb_version_strings(text, "1.0"));
    static_cast<void>(compare_deb_version_strings("1.0~", text));
  }
}

}  // namespace
}  // namespace patchplan::versions
