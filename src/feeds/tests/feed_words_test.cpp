#include <gtest/gtest.h>

#include "feeds/feed_catalog.hpp"
#include "feeds/feed_kind.hpp"
#include "feeds/feed_time.hpp"
#include "feeds/osv_ecosystem.hpp"

namespace patchplan::feeds {
namespace {

std::string time_text(std::string_view text) {
  auto time = parse_feed_time(text);
  return time ? store::format_timestamp(*time) : time.error().message;
}

TEST(FeedTimeTest, ReadsTheFormsTheFeedsWrite) {
  EXPECT_EQ(time_text("2025-08-25T17:04:19.9796Z"), "2025-08-25T17:04:19.979Z");
  EXPECT_EQ(time_text("2025-08-25"), "2025-08-25T00:00:00.000Z");
  EXPECT_EQ(time_text("2024-01-01T00:00:00+0000"), "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(time_text("2024-01-01T02:30:00+02:30"), "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(time_text("2023-12-31T22:00:00-02:00"), "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(time_text("2024-06-28T04:35:06.123456789Z"), "2024-06-28T04:35:06.123Z");
  EXPECT_EQ(time_text("2024-02-29T00:00:00Z"), "2024-02-29T00:00:00.000Z");
}

TEST(FeedTimeTest, RefusesEverythingElse) {
  for (const char* bad : {"", "2025", "2025-13-01", "2023-02-29", "2025-08-25T", "2025-08-25T10:00",
                          "2025-08-25T10:00:00", "2025-08-25T25:00:00Z", "2025-08-25T10:00:00.Z",
                          "2025-08-25T10:00:00Zjunk", "2025-08-25 junk", "25-08-2025"}) {
    auto time = parse_feed_time(bad);
    ASSERT_FALSE(time.has_value()) << bad;
    EXPECT_EQ(time.error().message, fmt::format("'{}' is not an ISO 8601 date or time", bad));
  }
}

TEST(OsvEcosystemTest, DistributionReleasesGetCodenames) {
  auto check = [](std::string_view name, std::string_view ecosystem, std::string_view release) {
    auto result = distribution_release(name);
    ASSERT_TRUE(result.has_value()) << name;
    EXPECT_EQ(result->ecosystem, ecosystem) << name;
    EXPECT_EQ(result->release, release) << name;
  };
  check("Debian:12", "debian", "bookworm");
  check("Debian:13", "debian", "trixie");
  check("Debian:11", "debian", "bullseye");
  check("Debian:99", "debian", "99");
  check("Ubuntu:22.04:LTS", "ubuntu", "jammy");
  check("Ubuntu:24.10", "ubuntu", "oracular");
  check("Ubuntu:Pro:18.04:LTS", "ubuntu-pro", "bionic");
  check("Ubuntu:Pro:FIPS:20.04:LTS", "ubuntu-pro-fips", "focal");
  check("Alpine:v3.19", "alpine", "v3.19");
  check("Rocky Linux:9", "rocky linux", "9");
  check("AlmaLinux:8", "almalinux", "8");
  for (const char* other : {"PyPI", "npm", "Debian", "Debian:", ":12", "Ubuntu:Pro", ""}) {
    EXPECT_FALSE(distribution_release(other).has_value()) << other;
  }
}

TEST(FeedKindTest, WordsRoundTrip) {
  for (auto kind : {FeedKind::kDebianTracker, FeedKind::kDebianChangelog, FeedKind::kOsv,
                    FeedKind::kKev, FeedKind::kEpss}) {
    EXPECT_EQ(parse_kind(kind_name(kind)), kind);
  }
  for (auto status : {AdvisoryStatus::kFixed, AdvisoryStatus::kOpen, AdvisoryStatus::kNotAffected,
                      AdvisoryStatus::kUndetermined, AdvisoryStatus::kEndOfLife}) {
    EXPECT_EQ(parse_status(status_name(status)), status);
  }
  EXPECT_FALSE(parse_kind("nvd").has_value());
  EXPECT_FALSE(parse_status("clean").has_value());
}

TEST(FeedDurationTest, ParsesAndFormatsDurations) {
  EXPECT_EQ(parse_duration("2d").value(), std::chrono::hours(48));
  EXPECT_EQ(parse_duration("36h").value(), std::chrono::hours(36));
  EXPECT_EQ(parse_duration("90m").value(), std::chrono::minutes(90));
  EXPECT_EQ(parse_duration("45s").value(), std::chrono::seconds(45));
  for (const char* bad : {"", "2", "d", "0d", "-1d", "2w", "1.5d", "2d3h", "99999999999d"}) {
    auto duration = parse_duration(bad);
    ASSERT_FALSE(duration.has_value()) << bad;
    EXPECT_EQ(duration.error().code, ErrorCode::kUsage);
  }
  EXPECT_EQ(format_duration(std::chrono::hours(51)), "2d 3h");
  EXPECT_EQ(format_duration(std::chrono::hours(48)), "2d");
  EXPECT_EQ(format_duration(std::chrono::minutes(312)), "5h 12m");
  EXPECT_EQ(format_duration(std::chrono::seconds(40)), "40s");
  EXPECT_EQ(format_duration(std::chrono::seconds(0)), "0s");
}

}  // namespace
}  // namespace patchplan::feeds
