#include "store/timestamp.hpp"

#include <gtest/gtest.h>

namespace patchplan::store {
namespace {

using std::chrono::milliseconds;
using std::chrono::sys_days;

TEST(TimestampTest, FormatsUtcWithMilliseconds) {
  const Timestamp time = sys_days{std::chrono::year{2026} / 12 / 4} + std::chrono::hours{15} +
                         std::chrono::minutes{5} + std::chrono::seconds{24} + milliseconds{7};
  EXPECT_EQ(format_timestamp(time), "2026-12-04T15:05:24.007Z");
  EXPECT_EQ(format_timestamp(Timestamp{}), "1970-01-01T00:00:00.000Z");
}

TEST(TimestampTest, ParsesWhatItFormats) {
  for (const char* text : {"2026-12-04T15:05:24.123Z", "2024-02-29T23:59:59.999Z",
                           "1970-01-01T00:00:00.000Z", "0001-01-01T00:00:00.000Z"}) {
    auto parsed = parse_timestamp(text);
    ASSERT_TRUE(parsed.has_value()) << text << ": " << parsed.error().message;
    EXPECT_EQ(format_timestamp(*parsed), text);
  }
}

TEST(TimestampTest, TextOrderIsTimeOrder) {
  const Timestamp a = parse_timestamp("2026-09-30T23:59:59.999Z").value();
  const Timestamp b = parse_timestamp("2026-10-01T00:00:00.000Z").value();
  EXPECT_LT(a, b);
  EXPECT_LT(format_timestamp(a), format_timestamp(b));
}

TEST(TimestampTest, RejectsOtherFormsAndImpossibleDates) {
  for (const char* text :
       {"", "2026-12-04", "2026-12-04T15:05:24Z", "2026-12-04T15:05:24.123",
        "2026-12-04 15:05:24.123Z", "2026-12-04T15:05:24.123+00:00", "2026-13-01T00:00:00.000Z",
        "2026-02-29T00:00:00.000Z", "2026-12-04T24:00:00.000Z", "2026-12-04T15:60:00.000Z",
        "2026-12-04T15:05:60.000Z", "2026-12-0xT15:05:24.123Z", "+026-12-04T15:05:24.123Z",
        "2026-12-04T15:05:24.-23Z"}) {
    auto parsed = parse_timestamp(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(parsed.error().message.find(fmt::format("'{}'", text)), std::string::npos);
  }
}

}  // namespace
}  // namespace patchplan::store
