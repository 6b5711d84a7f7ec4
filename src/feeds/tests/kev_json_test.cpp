#include "feeds/kev_json.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "feeds/tests/feed_test_support.hpp"

namespace patchplan::feeds {
namespace {

using testing::StringSource;

constexpr const char* kSnapshot =
    PATCHPLAN_SHARED_DIR "/data/kev/known_exploited_vulnerabilities.json";

std::string snapshot() {
  std::ifstream in(kSnapshot);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Expected<KevCatalog> read(std::string text) {
  auto source = StringSource(std::move(text), "kev.json", 1 << 16);
  return read_kev_json(source);
}

TEST(KevJsonTest, ReadsTheRealSnapshot) {
  auto catalog = read(snapshot());
  ASSERT_TRUE(catalog.has_value()) << catalog.error().message;
  EXPECT_EQ(catalog->catalog_version, "2025.08.25");
  EXPECT_EQ(store::format_timestamp(catalog->date_released), "2025-08-25T17:04:19.979Z");
  ASSERT_EQ(catalog->entries.size(), 1404u);
  const KevEntry& first = catalog->entries.front();
  EXPECT_EQ(first.cve, "CVE-2025-48384");
  EXPECT_EQ(first.vendor, "Git");
  EXPECT_EQ(first.date_added, "2025-08-25");
  EXPECT_EQ(first.due_date, "2025-09-15");
  std::size_t ransomware = 0;
  for (const auto& entry : catalog->entries) ransomware += entry.known_ransomware ? 1 : 0;
  EXPECT_GT(ransomware, 100u);
  EXPECT_LT(ransomware, 1404u);
}

TEST(KevJsonTest, CountThatDisagreesWithTheEntriesIsRefused) {
  auto text = snapshot();
  const auto at = text.find("\"count\": 1404");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 13, "\"count\": 1405");
  auto catalog = read(text);
  ASSERT_FALSE(catalog.has_value());
  EXPECT_EQ(catalog.error().message,
            "'kev.json': 'count' says 1405 entries but 'vulnerabilities' holds 1404");
}

TEST(KevJsonTest, TruncatedSnapshotIsRefused) {
  const auto text = snapshot();
  for (std::size_t keep : {std::size_t{10}, text.size() / 2, text.size() - 3}) {
    auto catalog = read(text.substr(0, keep));
    ASSERT_FALSE(catalog.has_value()) << keep;
    EXPECT_NE(catalog.error().message.find("'kev.json'"), std::string::npos);
  }
}

TEST(KevJsonTest, InvalidEntriesAreRefusedNamingThem) {
  const std::string head =
      R"({"catalogVersion": "1", "dateReleased": "2025-01-01T00:00:00.000Z", "count": 1,
          "vulnerabilities": [)";
  const std::string good_rest =
      R"("vendorProject": "V", "product": "P", "vulnerabilityName": "N",
         "dateAdded": "2025-01-01", "shortDescription": "S", "requiredAction": "R",
         "dueDate": "2025-01-22")";
  const std::pair<std::string, std::string> cases[] = {
      {head + R"({"cveID": "CVE-25-1", )" + good_rest + "}]}", "cveID 'CVE-25-1' is not a CVE id"},
      {head + R"({"cveID": 7, )" + good_rest + "}]}", "'cveID' is not a string"},
      {head + R"({"cveID": "CVE-2025-0001"}]})", "'vendorProject' is missing"},
      {head + R"("CVE-2025-0001"]})", "vulnerabilities[0]: not an object"},
      {R"({"catalogVersion": "1", "dateReleased": "soon", "count": 0, "vulnerabilities": []})",
       "'soon' is not an ISO 8601 date or time"},
      {R"({"catalogVersion": "1", "dateReleased": "2025-01-01", "count": -1,
           "vulnerabilities": []})",
       "'count' is not a non-negative integer"},
      {R"([])", "the catalog is not a JSON object"},
  };
  for (const auto& [text, expected] : cases) {
    auto catalog = read(text);
    ASSERT_FALSE(catalog.has_value()) << text;
    EXPECT_NE(catalog.error().message.find(expected), std::string::npos) << catalog.error().message;
  }
  auto valid = read(head + R"({"cveID": "CVE-2025-0001", )" + good_rest + "}]}");
  ASSERT_TRUE(valid.has_value()) << valid.error().message;
  std::string rest = good_rest;
  rest.replace(rest.find("2025-01-22"), 10, "22/01/2025");
  auto bad_date = read(head + R"({"cveID": "CVE-2025-0001", )" + rest + "}]}");
  ASSERT_FALSE(bad_date.has_value());
  EXPECT_NE(bad_date.error().message.find("'22/01/2025' is not a YYYY-MM-DD date"),
            std::string::npos);
}

TEST(KevJsonTest, CveIdPattern) {
  EXPECT_TRUE(is_cve_id("CVE-2021-44228"));
  EXPECT_TRUE(is_cve_id("CVE-2024-1234567"));
  EXPECT_FALSE(is_cve_id("CVE-2021-123"));
  EXPECT_FALSE(is_cve_id("CVE-20a1-44228"));
  EXPECT_FALSE(is_cve_id("cve-2021-44228"));
  EXPECT_FALSE(is_cve_id("CVE-2021-44228 "));
  EXPECT_FALSE(is_cve_id("CVE-2021-12345678901234567890"));
}

}  // namespace
}  // namespace patchplan::feeds
