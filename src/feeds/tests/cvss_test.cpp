#include "feeds/cvss.hpp"

#include <gtest/gtest.h>

namespace patchplan::feeds {
namespace {

struct Golden {
  const char* vector;
  double score;
};

// Base scores as NVD publishes them for these vectors (nvd.nist.gov CVSS v3 calculator).
constexpr Golden kGolden[] = {
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1},
    {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8},
    {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H", 5.5},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4},
    {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9},
    {"CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.0},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3},
    {"CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.8},
    {"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2},
    {"CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 8.2},
    {"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N", 0.0},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8},
    {"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1},
};

TEST(CvssTest, BaseScoresMatchPublishedScores) {
  for (const auto& golden : kGolden) {
    auto score = cvss3_base_score(golden.vector);
    ASSERT_TRUE(score.has_value()) << golden.vector << ": " << score.error().message;
    EXPECT_DOUBLE_EQ(*score, golden.score) << golden.vector;
  }
}

TEST(CvssTest, MetricOrderAndTemporalMetricsDoNotChangeTheBaseScore) {
  EXPECT_DOUBLE_EQ(cvss3_base_score("CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N").value(), 9.8);
  EXPECT_DOUBLE_EQ(
      cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C/MAV:L").value(),
      9.8);
}

TEST(CvssTest, RoundupIgnoresFloatingPointNoise) {
  // Every score is a multiple of 0.1 and never below the exact value.
  for (const auto& golden : kGolden) {
    const double score = cvss3_base_score(golden.vector).value();
    EXPECT_NEAR(score * 10, static_cast<double>(static_cast<long>(score * 10 + 0.5)), 1e-9);
  }
}

TEST(CvssTest, MalformedVectorsAreRefusedNamingTheVector) {
  for (const char* bad : {
           "",
           "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
           "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P",
           "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L",
           "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:HH",
           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1",
       }) {
    auto score = cvss3_base_score(bad);
    ASSERT_FALSE(score.has_value()) << bad;
    EXPECT_NE(score.error().message.find(fmt::format("'{}'", bad)), std::string::npos)
        << score.error().message;
  }
}

}  // namespace
}  // namespace patchplan::feeds
