#include "feeds/tracker_json.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "feeds/tests/feed_test_support.hpp"

namespace patchplan::feeds {
namespace {

using testing::Collected;
using testing::StringSource;

std::string excerpt() {
  std::ifstream in(PATCHPLAN_SOURCE_DIR "/src/feeds/tests/data/tracker_excerpt.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Result {
  Status status = ok();
  Collected collected;
  TrackerStats stats;
};

Result read(std::string text, std::size_t chunk = 7, detail::JsonLimits limits = {}) {
  Result result;
  auto source = StringSource(std::move(text), "tracker.json", chunk);
  result.status = read_tracker_json(source, result.collected.sink(), result.stats, limits);
  return result;
}

std::string error_of(std::string text, detail::JsonLimits limits = {}) {
  auto result = read(std::move(text), 7, limits);
  EXPECT_FALSE(result.status.has_value());
  return result.status ? "" : result.status.error().message;
}

TEST(TrackerJsonTest, ReadsEveryReleaseEntryOfTheExcerpt) {
  auto result = read(excerpt());
  ASSERT_TRUE(result.status) << result.status.error().message;
  EXPECT_EQ(result.stats.packages, 5u);
  EXPECT_EQ(result.stats.issues, 7u);
  EXPECT_EQ(result.stats.records, 15u);
  EXPECT_EQ(result.collected.advisories.size(), 15u);
  const auto* a = result.collected.find("openssl", "CVE-2024-4741", "bookworm");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->status, AdvisoryStatus::kFixed);
  EXPECT_EQ(a->fixed_version, "3.0.14-1~deb12u1");
  EXPECT_EQ(a->urgency, "not yet assigned");
  EXPECT_EQ(a->ecosystem, "debian");
  EXPECT_EQ(a->scope, "remote");
  EXPECT_EQ(a->feed, FeedKind::kDebianTracker);
  EXPECT_FALSE(a->nodsa);
  const auto* zlib = result.collected.find("zlib", "CVE-2023-45853", "bookworm");
  ASSERT_NE(zlib, nullptr);
  EXPECT_EQ(zlib->fixed_version, "1:1.2.13.dfsg-1");  // epochs are kept
}

TEST(TrackerJsonTest, FixedVersionZeroMeansNotAffected) {
  auto result = read(excerpt());
  const auto* a = result.collected.find("linux", "CVE-2022-0480", "bookworm");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->status, AdvisoryStatus::kNotAffected);
  EXPECT_EQ(a->fixed_version, "");
}

TEST(TrackerJsonTest, OpenWithoutFixedVersionMeansNoFixYet) {
  auto result = read(excerpt());
  const auto* a = result.collected.find("glibc", "CVE-2010-4756", "bookworm");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->status, AdvisoryStatus::kOpen);
  EXPECT_EQ(a->fixed_version, "");
  EXPECT_EQ(a->urgency, "unimportant");
}

TEST(TrackerJsonTest, EndOfLifeReleaseNeverReadsAsClean) {
  auto result = read(excerpt());
  const auto* a = result.collected.find("openssl", "CVE-2024-4741", "buster");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->status, AdvisoryStatus::kEndOfLife);
  EXPECT_EQ(a->urgency, "end-of-life");

  // Even a resolved entry of an end-of-life release stays end-of-life, version kept.
  auto resolved = read(R"({"p":{"CVE-1":{"releases":{"stretch":{"status":"resolved",
      "fixed_version":"1.2-3","urgency":"end-of-life**"}}}}})");
  ASSERT_TRUE(resolved.status);
  ASSERT_EQ(resolved.collected.advisories.size(), 1u);
  EXPECT_EQ(resolved.collected.advisories[0].status, AdvisoryStatus::kEndOfLife);
  EXPECT_EQ(resolved.collected.advisories[0].fixed_version, "1.2-3");
  EXPECT_TRUE(resolved.collected.advisories[0].urgency_unconfirmed);
}

TEST(TrackerJsonTest, DoubleStarMarksAnUnconfirmedUrgency) {
  auto result = read(excerpt());
  const auto* a = result.collected.find("openssl", "CVE-2023-5678", "bookworm");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->urgency, "low");
  EXPECT_TRUE(a->urgency_unconfirmed);
  EXPECT_TRUE(a->next_point_update);
  const auto* sid = result.collected.find("openssl", "CVE-2024-4741", "sid");
  ASSERT_NE(sid, nullptr);
  EXPECT_FALSE(sid->urgency_unconfirmed);
  EXPECT_FALSE(sid->next_point_update);
}

TEST(TrackerJsonTest, NodsaKeepsItsNoteAndReason) {
  auto result = read(excerpt());
  const auto* postponed = result.collected.find("linux", "CVE-2022-0480", "bullseye");
  ASSERT_NE(postponed, nullptr);
  EXPECT_TRUE(postponed->nodsa);
  EXPECT_EQ(postponed->nodsa_reason, "postponed");
  EXPECT_EQ(postponed->nodsa_note, "Minor issue, revisit when fixed upstream");
  EXPECT_EQ(postponed->status, AdvisoryStatus::kOpen);
  const auto* minor = result.collected.find("openssl", "CVE-2024-4741", "bullseye");
  ASSERT_NE(minor, nullptr);
  EXPECT_TRUE(minor->nodsa);
  EXPECT_EQ(minor->nodsa_reason, "");
  EXPECT_EQ(minor->nodsa_note, "Minor issue");
  const auto* temp = result.collected.find("libxml2", "TEMP-0000000-F1A6C2", "bookworm");
  ASSERT_NE(temp, nullptr);
  EXPECT_EQ(temp->nodsa_reason, "ignored");
  EXPECT_EQ(temp->scope, "");
}

TEST(TrackerJsonTest, UndeterminedStaysUndetermined) {
  auto result = read(excerpt());
  const auto* a = result.collected.find("linux", "CVE-2025-21927", "bookworm");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->status, AdvisoryStatus::kUndetermined);
}

TEST(TrackerJsonTest, OpenWithAFixedVersionIsFixable) {
  auto result = read(R"({"p":{"CVE-1":{"releases":{"bookworm":{"status":"open",
      "fixed_version":"2.0-1"}}}}})");
  ASSERT_TRUE(result.status);
  EXPECT_EQ(result.collected.advisories.at(0).status, AdvisoryStatus::kFixed);
  EXPECT_EQ(result.collected.advisories.at(0).fixed_version, "2.0-1");
}

TEST(TrackerJsonTest, UnusableVersionsAndUnknownStatusesAreUndeterminedAndCounted) {
  auto result = read(R"({"p":{"CVE-1":{"releases":{
      "bookworm":{"status":"resolved","fixed_version":"<unfixed>"},
      "trixie":{"status":"fixed-somehow","fixed_version":"1.0-1"},
      "sid":{"status":"resolved"}}}}})");
  ASSERT_TRUE(result.status) << result.status.error().message;
  ASSERT_EQ(result.collected.advisories.size(), 3u);
  for (const auto& a : result.collected.advisories) {
    EXPECT_EQ(a.status, AdvisoryStatus::kUndetermined) << a.release;
  }
  EXPECT_EQ(result.stats.unusable_versions, 1u);
  EXPECT_EQ(result.stats.unknown_statuses, 1u);
}

TEST(TrackerJsonTest, ScopeAfterTheReleasesStillApplies) {
  auto result = read(R"({"p":{"CVE-1":{"releases":{"bookworm":{"status":"open"}},
      "scope":"local","future_member":[{"a":[1,2,{"b":null}]},true]}}})");
  ASSERT_TRUE(result.status) << result.status.error().message;
  EXPECT_EQ(result.collected.advisories.at(0).scope, "local");
}

TEST(TrackerJsonTest, UnknownMembersOfAnyShapeAreSkipped) {
  auto result = read(R"({"p":{"CVE-1":{"description":"x","debianbug":12,"extra":{"k":[1,{}]},
      "releases":{"bookworm":{"status":"open","repositories":{"bookworm":"1.0-1"},
      "new_field":[["x"]],"urgency":"high"}}}},"q":{}})");
  ASSERT_TRUE(result.status) << result.status.error().message;
  ASSERT_EQ(result.collected.advisories.size(), 1u);
  EXPECT_EQ(result.collected.advisories[0].urgency, "high");
  EXPECT_EQ(result.stats.packages, 2u);
}

TEST(TrackerJsonTest, ResultDoesNotDependOnReadBoundaries) {
  const std::string text = excerpt();
  auto small = read(text, 1);
  auto large = read(text, 1 << 20);
  ASSERT_TRUE(small.status);
  ASSERT_TRUE(large.status);
  ASSERT_EQ(small.collected.advisories.size(), large.collected.advisories.size());
  for (std::size_t i = 0; i < small.collected.advisories.size(); ++i) {
    EXPECT_EQ(small.collected.advisories[i].vulnerability,
              large.collected.advisories[i].vulnerability);
    EXPECT_EQ(small.collected.advisories[i].fixed_version,
              large.collected.advisories[i].fixed_version);
  }
}

TEST(TrackerJsonTest, EveryTruncationIsAnErrorNamingTheFile) {
  const std::string text = excerpt();
  for (std::size_t cut = 0; cut + 1 < text.size(); cut += 97) {
    const std::string message = error_of(text.substr(0, cut));
    EXPECT_NE(message.find("'tracker.json'"), std::string::npos) << cut << ": " << message;
  }
  EXPECT_NE(error_of(text.substr(0, text.size() - 2)).find("invalid JSON"), std::string::npos);
}

TEST(TrackerJsonTest, WrongTypesAreErrorsNamingWhereTheyAre) {
  EXPECT_EQ(error_of(R"({"openssl":{"CVE-1":{"releases":{"bookworm":{"fixed_version":3}}}}})"),
            "'tracker.json': line 1, column 64: package 'openssl', issue 'CVE-1', release "
            "'bookworm': 'fixed_version' is a number, expected a string");
  EXPECT_NE(error_of(R"({"p":{"CVE-1":{"releases":[]}}})")
                .find("package 'p', issue 'CVE-1': 'releases' is an array, expected an object"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"p":"CVE-1"})")
                .find("package 'p': the package entry is a string, expected an object"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"p":{"CVE-1":{"releases":{"bookworm":"open"}}}})")
                .find("release 'bookworm': the release entry is a string, expected an object"),
            std::string::npos);
  EXPECT_NE(error_of(R"([{"p":{}}])").find("the document is an array, expected an object"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"p":{"CVE-1":{"releases":{"b":{"next_point_update":"yes"}}}}})")
                .find("'next_point_update' is a string, expected a boolean"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"p":{"CVE-1":{"releases":{"b":{"status":["open"]}}}}})")
                .find("'status' is an array, expected a string"),
            std::string::npos);
}

TEST(TrackerJsonTest, HostileInputIsRefusedWithBoundedMemory) {
  // Nesting deeper than the limit inside a skipped member.
  std::string deep = R"({"p":{"CVE-1":{"x":)" + std::string(100000, '[');
  EXPECT_NE(error_of(deep).find("nested deeper than 32 levels"), std::string::npos);
  // A string longer than the token limit.
  detail::JsonLimits limits;
  limits.max_token_bytes = 4096;
  std::string huge = R"({"p":{"CVE-1":{"description":")" + std::string(10000, 'a') + "\"}}}";
  EXPECT_NE(error_of(huge, limits).find("a single JSON value is longer than 4096 bytes"),
            std::string::npos);
  // A document larger than the total limit.
  limits.max_token_bytes = 1 << 20;
  limits.max_total_bytes = 1000;
  EXPECT_NE(error_of(excerpt(), limits).find("larger than 1000 bytes"), std::string::npos);
  // Invalid UTF-8 in a string.
  EXPECT_NE(error_of("{\"p\xff\":{}}").find("invalid JSON"), std::string::npos);
  EXPECT_NE(error_of("{\"p\":{\"CVE-1\":{\"description\":\"\xc3\x28\"}}}").find("invalid JSON"),
            std::string::npos);
  // Control characters, trailing garbage, empty input, a bare scalar.
  EXPECT_NE(error_of("{\"p\":{\"CVE\x01\":{}}}").find("invalid JSON"), std::string::npos);
  EXPECT_NE(error_of("{} {}").find("invalid JSON"), std::string::npos);
  EXPECT_NE(error_of("").find("invalid JSON"), std::string::npos);
  EXPECT_NE(error_of("42").find("the document is a number, expected an object"), std::string::npos);
}

TEST(TrackerJsonTest, SinkErrorStopsTheReading) {
  auto source = StringSource(excerpt(), "tracker.json");
  TrackerStats stats;
  int calls = 0;
  const AdvisorySink sink = [&calls](const SourceAdvisory&) -> Status {
    if (++calls == 3) return make_error(ErrorCode::kIo, "disk full");
    return ok();
  };
  auto status = read_tracker_json(source, sink, stats);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "disk full");
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace patchplan::feeds
