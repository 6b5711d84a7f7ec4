// Value comparison per datatype and operation, with oscap's conversions.
#include "harden/oval_compare.hpp"

#include <gtest/gtest.h>

#include "harden/regex.hpp"

namespace patchplan::harden {
namespace {

constexpr OvalResult T = OvalResult::kTrue;
constexpr OvalResult F = OvalResult::kFalse;
constexpr OvalResult E = OvalResult::kError;

TEST(OvalCompareTest, IntsParseLikeStrtoimaxOverTheWholeString) {
  EXPECT_EQ(compare_values(Operation::kEquals, Datatype::kInt, " 12", "12"), T);
  EXPECT_EQ(compare_values(Operation::kEquals, Datatype::kInt, "12 ", "12"), E);
  EXPECT_EQ(compare_values(Operation::kEquals, Datatype::kInt, "027", "27"), T);
  EXPECT_EQ(compare_values(Operation::kGreaterOrEqual, Datatype::kInt, "-1", "0"), F);
  EXPECT_EQ(compare_values(Operation::kLessThan, Datatype::kInt, "abc", "1"), E);
}

TEST(OvalCompareTest, BitwiseAndChecksEveryExpectedBit) {
  EXPECT_EQ(compare_values(Operation::kBitwiseAnd, Datatype::kInt, "63", "18"), T);
  EXPECT_EQ(compare_values(Operation::kBitwiseAnd, Datatype::kInt, "2", "18"), F);
}

TEST(OvalCompareTest, BooleansNeverFail) {
  EXPECT_EQ(compare_values(Operation::kEquals, Datatype::kBoolean, "1", "true"), T);
  EXPECT_EQ(compare_values(Operation::kEquals, Datatype::kBoolean, "yes", "false"), T);
  EXPECT_EQ(compare_values(Operation::kNotEqual, Datatype::kBoolean, "true", "false"), T);
}

TEST(OvalCompareTest, StringsAndPatterns) {
  EXPECT_EQ(
      compare_values(Operation::kCaseInsensitiveEquals, Datatype::kString, "YesCrypt", "yescrypt"),
      T);
  EXPECT_EQ(
      compare_values(Operation::kPatternMatch, Datatype::kString, "files systemd", "altfiles"), F);
  EXPECT_EQ(compare_values(Operation::kPatternMatch, Datatype::kString, "a b", "\\bb$"), T);
  EXPECT_EQ(compare_values(Operation::kPatternMatch, Datatype::kString, "x", "("), E);
}

TEST(OvalCompareTest, VersionsAndDebianEvr) {
  EXPECT_EQ(compare_values(Operation::kGreaterOrEqual, Datatype::kVersion, "12.10", "12.9"), T);
  EXPECT_EQ(compare_values(Operation::kEquals, Datatype::kVersion, "12", "12.0"), T);
  EXPECT_EQ(
      compare_values(Operation::kLessThan, Datatype::kDebianEvrString, "0:1.0~rc1-1", "0:1.0-1"),
      T);
  EXPECT_EQ(
      compare_values(Operation::kGreaterThan, Datatype::kDebianEvrString, "1:0.1-1", "0:9.9-1"), T);
}

TEST(RegexTest, CatastrophicBacktrackingFailsInsteadOfHanging) {
  auto regex = Regex::compile("^(a+)+$");
  ASSERT_TRUE(regex);
  auto found = (*regex)->search(std::string(40, 'a') + "b");
  EXPECT_FALSE(found);
}

TEST(RegexTest, InvalidUtf8IsAnError) {
  auto regex = Regex::compile("x");
  ASSERT_TRUE(regex);
  EXPECT_FALSE((*regex)->search("caf\xe9 x"));
  auto ok = (*regex)->search("caf\xc3\xa9 x");
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->has_value());
}

TEST(RegexTest, PartialMatchesPruneDirectories) {
  auto regex = Regex::compile("^/etc/sudoers(|\\.d/.*)$");
  ASSERT_TRUE(regex);
  EXPECT_TRUE((*regex)->could_match_prefix("/etc/"));
  EXPECT_TRUE((*regex)->could_match_prefix("/etc/sudoers.d/"));
  EXPECT_FALSE((*regex)->could_match_prefix("/etc/ssh/"));
  EXPECT_FALSE((*regex)->could_match_prefix("/var/"));
}

}  // namespace
}  // namespace patchplan::harden
