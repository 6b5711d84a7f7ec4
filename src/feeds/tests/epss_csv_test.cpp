#include "feeds/epss_csv.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "feeds/tests/feed_test_support.hpp"

namespace patchplan::feeds {
namespace {

using testing::StringSource;

// The first lines of a real daily file (epss_scores-2025-08-25.csv.gz), decompressed.
constexpr const char* kFile =
    "#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z\n"
    "cve,epss,percentile\n"
    "CVE-1999-0001,0.0118,0.78248\n"
    "CVE-1999-0002,0.10742,0.93118\n"
    "CVE-2021-44228,0.94358,0.99957\n"
    "CVE-2024-1234567,0,0\n";

struct Read {
  Expected<EpssHeader> header = EpssHeader{};
  std::vector<EpssScore> scores;
};

Read read(std::string text) {
  Read result;
  auto source = StringSource(std::move(text), "epss.csv", 5);
  result.header = read_epss_csv(source, [&](const EpssScore& score, std::uint64_t) {
    result.scores.push_back(score);
    return ok();
  });
  return result;
}

std::string error_of(std::string text) {
  auto result = read(std::move(text));
  EXPECT_FALSE(result.header.has_value());
  return result.header ? "" : result.header.error().message;
}

TEST(EpssCsvTest, ReadsTheCommentLineAndEveryRow) {
  auto result = read(kFile);
  ASSERT_TRUE(result.header.has_value()) << result.header.error().message;
  EXPECT_EQ(result.header->model_version, "v2025.03.14");
  EXPECT_EQ(store::format_timestamp(*result.header->score_date), "2025-08-25T12:55:00.000Z");
  ASSERT_EQ(result.scores.size(), 4u);
  EXPECT_EQ(result.scores[2].cve, "CVE-2021-44228");
  EXPECT_DOUBLE_EQ(result.scores[2].probability, 0.94358);
  EXPECT_DOUBLE_EQ(result.scores[2].percentile, 0.99957);
  EXPECT_DOUBLE_EQ(result.scores[3].probability, 0.0);
}

TEST(EpssCsvTest, OlderFilesWithoutCommentAndWithCrlfAreRead) {
  auto result = read("cve,epss,percentile\r\nCVE-2020-0001,0.00043,0.11\r\n\r\n");
  ASSERT_TRUE(result.header.has_value()) << result.header.error().message;
  EXPECT_EQ(result.header->model_version, "");
  EXPECT_FALSE(result.header->score_date.has_value());
  ASSERT_EQ(result.scores.size(), 1u);
  EXPECT_DOUBLE_EQ(result.scores[0].probability, 0.00043);
}

TEST(EpssCsvTest, MalformedFilesAreErrorsWithFileAndLine) {
  const std::string head =
      "#model_version:v1,score_date:2025-08-25T00:00:00+0000\ncve,epss,percentile\n";
  EXPECT_EQ(error_of(head + "CVE-2020-0001,0.5\n"),
            "'epss.csv':3: expected three fields: cve,epss,percentile");
  EXPECT_EQ(error_of(head + "CVE-2020-0001,0.5,0.5,extra\n"),
            "'epss.csv':3: expected three fields: cve,epss,percentile");
  EXPECT_EQ(error_of(head + "CVE-2020-0001,0.5,0.5\nNOT-A-CVE,0.1,0.1\n"),
            "'epss.csv':4: 'NOT-A-CVE' is not a CVE id");
  EXPECT_EQ(error_of(head + "CVE-2020-0001,1.5,0.5\n"),
            "'epss.csv':3: epss is not a number between 0 and 1");
  EXPECT_EQ(error_of(head + "CVE-2020-0001,nan,0.5\n"),
            "'epss.csv':3: epss is not a number between 0 and 1");
  EXPECT_EQ(error_of(head + "CVE-2020-0001,0.5,-0.1\n"),
            "'epss.csv':3: percentile is not a number between 0 and 1");
  EXPECT_EQ(error_of(head + "CVE-2020-0001,0.5,0.5x\n"),
            "'epss.csv':3: percentile is not a number between 0 and 1");
  EXPECT_EQ(error_of("#model_version:v1\ncve,score\n"),
            "'epss.csv':2: expected the header 'cve,epss,percentile'");
  EXPECT_EQ(error_of(""), "'epss.csv':1: expected the header 'cve,epss,percentile'");
  EXPECT_NE(error_of("#score_date:tomorrow\n").find("score_date: 'tomorrow' is not"),
            std::string::npos);
  EXPECT_EQ(error_of(head + "CVE-2020-0001," + std::string(5000, '1') + ",0.5\n"),
            "'epss.csv':3: line longer than 4096 bytes");
}

TEST(EpssCsvTest, SinkErrorStops) {
  auto source = StringSource(kFile, "epss.csv");
  int calls = 0;
  auto header = read_epss_csv(source, [&](const EpssScore&, std::uint64_t line) -> Status {
    ++calls;
    return make_error(ErrorCode::kIo, "full at line {}", line);
  });
  ASSERT_FALSE(header.has_value());
  EXPECT_EQ(header.error().message, "full at line 3");
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace patchplan::feeds
