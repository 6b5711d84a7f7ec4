// Tests of parse_deb_version and DebVersion::to_string: the split, and every refusal.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "versions/deb_version.hpp"

namespace patchplan::versions {
namespace {

DebVersion parsed(std::string_view text) {
  Expected<DebVersion> version = parse_deb_version(text);
  EXPECT_TRUE(version.has_value()) << (version ? "" : version.error().message);
  return version ? *version : DebVersion{};
}

std::string refusal(std::string_view text) {
  Expected<DebVersion> version = parse_deb_version(text);
  if (version) return "accepted as " + version->to_string();
  EXPECT_EQ(version.error().code, ErrorCode::kInvalidInput);
  return version.error().message;
}

TEST(DebVersionParseTest, SplitsEpochUpstreamAndRevision) {
  const DebVersion version = parsed("1:2.36-9+deb12u4");
  EXPECT_EQ(version.epoch, 1u);
  EXPECT_EQ(version.upstream, "2.36");
  EXPECT_EQ(version.revision, "9+deb12u4");
}

TEST(DebVersionParseTest, MissingEpochIsZeroAndMissingRevisionIsEmpty) {
  const DebVersion version = parsed("7.88.1");
  EXPECT_EQ(version.epoch, 0u);
  EXPECT_EQ(version.upstream, "7.88.1");
  EXPECT_EQ(version.revision, "");
}

TEST(DebVersionParseTest, RevisionFollowsTheLastHyphen) {
  const DebVersion version = parsed("1.0-beta-2-3");
  EXPECT_EQ(version.upstream, "1.0-beta-2");
  EXPECT_EQ(version.revision, "3");
}

TEST(DebVersionParseTest, UpstreamMayContainColonsAfterAnEpoch) {
  const DebVersion version = parsed("1:2:3-4");
  EXPECT_EQ(version.epoch, 1u);
  EXPECT_EQ(version.upstream, "2:3");
  EXPECT_EQ(version.revision, "4");
}

TEST(DebVersionParseTest, EpochAcceptsLeadingZerosUpToTheLargestInt) {
  EXPECT_EQ(parsed("0001:2").epoch, 1u);
  EXPECT_EQ(parsed("000000000000000000000000000001:2").epoch, 1u);
  EXPECT_EQ(parsed("2147483647:2").epoch, kMaxEpoch);
}

TEST(DebVersionParseTest, BlanksAroundTheVersionAreIgnored) {
  const DebVersion version = parsed(" \t1.0-1\t ");
  EXPECT_EQ(version.upstream, "1.0");
  EXPECT_EQ(version.revision, "1");
}

TEST(DebVersionParseTest, ToStringWritesTheEpochOnlyWhenNeeded) {
  EXPECT_EQ(parsed("0:1.0-1").to_string(), "1.0-1");
  EXPECT_EQ(parsed("0:1:2").to_string(), "0:1:2");
  EXPECT_EQ(parsed("3:1.0").to_string(), "3:1.0");
  EXPECT_EQ(parsed("007:1.0-0").to_string(), "7:1.0-0");
}

TEST(DebVersionParseTest, ToStringRoundTrips) {
  for (std::string_view text : {"1.0", "1:1.0-1", "0:1:2-3", "1.0-2-3", "1.0~rc1+dfsg-1~deb12u1",
                                "2147483647:0", "1.0-0", "1.0--1"}) {
    const DebVersion first = parsed(text);
    const DebVersion again = parsed(first.to_string());
    EXPECT_EQ(again.epoch, first.epoch) << text;
    EXPECT_EQ(again.upstream, first.upstream) << text;
    EXPECT_EQ(again.revision, first.revision) << text;
  }
}

TEST(DebVersionParseTest, RefusesEmptyVersions) {
  EXPECT_EQ(refusal(""), "invalid version '': empty version string");
  EXPECT_EQ(refusal(" \t"), "invalid version ' \\t': empty version string");
}

TEST(DebVersionParseTest, RefusesEmbeddedBlanks) {
  EXPECT_EQ(refusal("1 2"), "invalid version '1 2': embedded blank");
  EXPECT_EQ(refusal("1;rm -rf /"), "invalid version '1;rm -rf /': embedded blank");
  EXPECT_EQ(refusal("1.0\t-1"), "invalid version '1.0\\t-1': embedded blank");
}

TEST(DebVersionParseTest, RefusesEmptyEpoch) {
  EXPECT_EQ(refusal(":"), "invalid version ':': empty epoch before ':'");
  EXPECT_EQ(refusal(":1"), "invalid version ':1': empty epoch before ':'");
}

TEST(DebVersionParseTest, RefusesEpochThatIsNotDigits) {
  EXPECT_EQ(refusal("a:1"), "invalid version 'a:1': epoch 'a' is not a number");
  EXPECT_EQ(refusal("1.0:"), "invalid version '1.0:': epoch '1.0' is not a number");
  EXPECT_EQ(refusal("-1:0"), "invalid version '-1:0': epoch '-1' is not a number");
  // strtol in dpkg takes these three; Policy's unsigned integer does not.
  EXPECT_EQ(refusal("+1:0"), "invalid version '+1:0': epoch '+1' is not a number");
  EXPECT_EQ(refusal("-0:1"), "invalid version '-0:1': epoch '-0' is not a number");
  EXPECT_EQ(refusal("\n1:0"), "invalid version '\\n1:0': epoch '\\n1' is not a number");
}

TEST(DebVersionParseTest, RefusesEpochLargerThanAnInt) {
  EXPECT_EQ(refusal("2147483648:1"),
            "invalid version '2147483648:1': epoch '2147483648' is larger than 2147483647");
  EXPECT_EQ(refusal("99999999999:1"),
            "invalid version '99999999999:1': epoch '99999999999' is larger than 2147483647");
  EXPECT_EQ(refusal("184467440737095516160000:1"),
            "invalid version '184467440737095516160000:1': epoch '184467440737095516160000' "
            "is larger than 2147483647");
}

TEST(DebVersionParseTest, RefusesNothingAfterTheEpoch) {
  EXPECT_EQ(refusal("1:"), "invalid version '1:': nothing after the epoch's ':'");
  EXPECT_EQ(refusal("1: "), "invalid version '1: ': nothing after the epoch's ':'");
}

TEST(DebVersionParseTest, RefusesEmptyUpstreamAndEmptyRevision) {
  EXPECT_EQ(refusal("-1"), "invalid version '-1': empty upstream version");
  EXPECT_EQ(refusal("1:-1"), "invalid version '1:-1': empty upstream version");
  EXPECT_EQ(refusal("1-"), "invalid version '1-': empty revision after the last '-'");
  EXPECT_EQ(refusal("-"), "invalid version '-': empty revision after the last '-'");
}

TEST(DebVersionParseTest, RefusesUpstreamNotStartingWithADigit) {
  EXPECT_EQ(refusal("a1"),
            "invalid version 'a1': upstream version 'a1' does not start with a digit");
  EXPECT_EQ(refusal("$(id)"),
            "invalid version '$(id)': upstream version '$(id)' does not start with a digit");
  EXPECT_EQ(refusal("1:~1"),
            "invalid version '1:~1': upstream version '~1' does not start with a digit");
}

TEST(DebVersionParseTest, RefusesCharactersOutsideTheAllowedSets) {
  EXPECT_EQ(refusal("1;rm"), "invalid version '1;rm': invalid character ';' in upstream version");
  EXPECT_EQ(refusal("1.0_1"), "invalid version '1.0_1': invalid character '_' in upstream version");
  EXPECT_EQ(refusal("1.0-1_2"), "invalid version '1.0-1_2': invalid character '_' in revision");
  EXPECT_EQ(refusal("1:1.0-1:2"), "invalid version '1:1.0-1:2': invalid character ':' in revision");
  EXPECT_EQ(refusal("1.0-1-"), "invalid version '1.0-1-': empty revision after the last '-'");
}

TEST(DebVersionParseTest, RefusesControlAndNonAsciiBytesAndShowsThemEscaped) {
  EXPECT_EQ(refusal("1.0\n"),
            "invalid version '1.0\\n': invalid character '\\n' in upstream version");
  EXPECT_EQ(refusal(std::string_view("1\0", 2)),
            "invalid version '1\\x00': invalid character '\\x00' in upstream version");
  EXPECT_EQ(refusal("1.\xc3\xa9"),
            "invalid version '1.\\xc3\\xa9': invalid character '\\xc3' in upstream version");
  EXPECT_EQ(refusal("1-\xff"), "invalid version '1-\\xff': invalid character '\\xff' in revision");
  EXPECT_EQ(refusal("1\\2"),
            "invalid version '1\\\\2': invalid character '\\\\' in upstream version");
}

TEST(DebVersionParseTest, LongVersionIsCutInTheMessage) {
  const std::string text = "1" + std::string(100000, 'x') + "!";
  const std::string message = refusal(text);
  EXPECT_LT(message.size(), 200u);
  EXPECT_NE(message.find("... (100002 bytes)"), std::string::npos) << message;
  EXPECT_NE(message.find("invalid character '!'"), std::string::npos) << message;
}

TEST(DebVersionParseTest, VeryLongDigitRunsAreAccepted) {
  const std::string digits(100000, '9');
  EXPECT_EQ(parsed(digits + "-" + digits).upstream, digits);
}

}  // namespace
}  // namespace patchplan::versions
