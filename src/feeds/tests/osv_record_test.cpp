#include "feeds/osv_record.hpp"

#include <gtest/gtest.h>

#include "feeds/osv_file.hpp"
#include "feeds/tests/feed_test_support.hpp"

namespace patchplan::feeds {
namespace {

using nlohmann::json;
using testing::Collected;
using testing::StringSource;

// A Debian security advisory as osv.dev exports it (osv-vulnerabilities/Debian/all.zip).
constexpr const char* kDsa = R"({
  "schema_version": "1.6.0",
  "id": "DSA-5764-1",
  "published": "2024-08-31T09:12:45Z",
  "modified": "2024-09-03T05:16:13.214567Z",
  "upstream": ["CVE-2024-5535", "CVE-2024-6119"],
  "summary": "openssl - security update",
  "affected": [{
    "package": {"ecosystem": "Debian:12", "name": "openssl",
                "purl": "pkg:deb/debian/openssl?arch=source"},
    "ranges": [{"type": "ECOSYSTEM",
                "events": [{"introduced": "0"}, {"fixed": "3.0.14-1~deb12u2"}]}],
    "versions": ["3.0.11-1~deb12u1", "3.0.11-1~deb12u2", "3.0.13-1~deb12u1"]
  }],
  "references": [{"type": "ADVISORY", "url": "https://www.debian.org/security/2024/dsa-5764"}]
})";

// An Ubuntu record with its own severity word and a CVSS v3 vector.
constexpr const char* kUbuntu = R"({
  "id": "UBUNTU-CVE-2024-5535",
  "modified": "2025-01-10T12:00:00Z",
  "upstream": ["CVE-2024-5535"],
  "severity": [{"type": "Ubuntu", "score": "low"},
               {"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H"}],
  "affected": [
    {"package": {"ecosystem": "Ubuntu:22.04:LTS", "name": "openssl"},
     "ranges": [{"type": "ECOSYSTEM",
                 "events": [{"introduced": "0"}, {"fixed": "3.0.2-0ubuntu1.17"}]}]},
    {"package": {"ecosystem": "Ubuntu:Pro:18.04:LTS", "name": "openssl"},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}
  ]
})";

struct Read {
  Status status = ok();
  Collected collected;
  OsvStats stats;
};

Read read_record(const std::string& text) {
  Read result;
  result.status =
      read_osv_record(json::parse(text), "'osv.json'", result.collected.sink(), result.stats);
  return result;
}

TEST(OsvRecordTest, DebianAdvisoryGivesOneFixedIntervalInBookworm) {
  auto result = read_record(kDsa);
  ASSERT_TRUE(result.status) << result.status.error().message;
  ASSERT_EQ(result.collected.advisories.size(), 1u);
  const auto& a = result.collected.advisories[0];
  EXPECT_EQ(a.vulnerability, "DSA-5764-1");
  EXPECT_EQ(a.aliases, (std::vector<std::string>{"CVE-2024-5535", "CVE-2024-6119"}));
  EXPECT_EQ(a.ecosystem, "debian");
  EXPECT_EQ(a.release, "bookworm");
  EXPECT_EQ(a.source_package, "openssl");
  EXPECT_EQ(a.status, AdvisoryStatus::kFixed);
  EXPECT_EQ(a.introduced, "");
  EXPECT_EQ(a.fixed_version, "3.0.14-1~deb12u2");
  EXPECT_EQ(a.versions, "");  // the range says it all
  EXPECT_EQ(a.feed, FeedKind::kOsv);
  EXPECT_EQ(store::format_timestamp(*result.stats.latest_modified), "2024-09-03T05:16:13.214Z");
  EXPECT_EQ(result.stats.ecosystems, (std::set<std::string>{"debian"}));
}

TEST(OsvRecordTest, UbuntuSeverityAndCvssAreKept) {
  auto result = read_record(kUbuntu);
  ASSERT_TRUE(result.status) << result.status.error().message;
  ASSERT_EQ(result.collected.advisories.size(), 2u);
  const auto& jammy = result.collected.advisories[0];
  EXPECT_EQ(jammy.ecosystem, "ubuntu");
  EXPECT_EQ(jammy.release, "jammy");
  EXPECT_EQ(jammy.urgency, "low");
  EXPECT_EQ(jammy.cvss_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H");
  EXPECT_DOUBLE_EQ(jammy.cvss_score.value(), 9.1);
  const auto& pro = result.collected.advisories[1];
  EXPECT_EQ(pro.ecosystem, "ubuntu-pro");
  EXPECT_EQ(pro.release, "bionic");
  EXPECT_EQ(pro.status, AdvisoryStatus::kOpen);  // introduced, never fixed
}

TEST(OsvRecordTest, MultipleRangesAndPairsGiveOneIntervalEach) {
  auto result = read_record(R"({"id": "CVE-2023-1", "modified": "2023-05-01T00:00:00Z",
    "affected": [{"package": {"ecosystem": "Debian:11", "name": "curl"},
      "ranges": [
        {"type": "ECOSYSTEM", "events": [
          {"introduced": "7.50.0-1"}, {"fixed": "7.64.0-4+deb10u2"},
          {"introduced": "7.74.0-1"}, {"fixed": "7.74.0-1.3+deb11u7"}]},
        {"type": "GIT", "repo": "https://github.com/curl/curl",
         "events": [{"introduced": "0"}, {"fixed": "abc123"}]},
        {"type": "ECOSYSTEM", "events": [{"introduced": "7.88.0-1"}, {"last_affected": "7.88.1-9"}]}
      ]}]})");
  ASSERT_TRUE(result.status) << result.status.error().message;
  ASSERT_EQ(result.collected.advisories.size(), 3u);
  const auto& a = result.collected.advisories;
  EXPECT_EQ(a[0].release, "bullseye");
  EXPECT_EQ(a[0].introduced, "7.50.0-1");
  EXPECT_EQ(a[0].fixed_version, "7.64.0-4+deb10u2");
  EXPECT_EQ(a[1].introduced, "7.74.0-1");
  EXPECT_EQ(a[1].fixed_version, "7.74.0-1.3+deb11u7");
  EXPECT_EQ(a[2].status, AdvisoryStatus::kFixed);
  EXPECT_EQ(a[2].introduced, "7.88.0-1");
  EXPECT_EQ(a[2].fixed_version, "");
  EXPECT_EQ(a[2].last_affected, "7.88.1-9");
}

TEST(OsvRecordTest, DebianEventsArePutInDpkgOrder) {
  auto result = read_record(R"({"id": "X-1", "affected": [{"package":
    {"ecosystem": "Debian:12", "name": "p"}, "ranges": [{"type": "ECOSYSTEM", "events": [
      {"fixed": "1.0-2"}, {"introduced": "1.0~rc1-1"}, {"fixed": "2:0.5-1"},
      {"introduced": "1:3.0-1"}, {"introduced": "0"}]}]}]})");
  ASSERT_TRUE(result.status) << result.status.error().message;
  ASSERT_EQ(result.collected.advisories.size(), 2u);
  // Sorted: 0, 1.0~rc1-1, 1.0-2, 1:3.0-1, 2:0.5-1 -> [0, 1.0-2), [1:3.0-1, 2:0.5-1).
  EXPECT_EQ(result.collected.advisories[0].introduced, "");
  EXPECT_EQ(result.collected.advisories[0].fixed_version, "1.0-2");
  EXPECT_EQ(result.collected.advisories[1].introduced, "1:3.0-1");
  EXPECT_EQ(result.collected.advisories[1].fixed_version, "2:0.5-1");
}

TEST(OsvRecordTest, VersionsWithoutRangesAreTheAffectedList) {
  auto result = read_record(R"({"id": "ALPINE-1", "affected": [{"package":
    {"ecosystem": "Alpine:v3.19", "name": "busybox"},
    "versions": ["1.36.1-r15", "1.36.1-r16"]}]})");
  ASSERT_TRUE(result.status) << result.status.error().message;
  ASSERT_EQ(result.collected.advisories.size(), 1u);
  EXPECT_EQ(result.collected.advisories[0].ecosystem, "alpine");
  EXPECT_EQ(result.collected.advisories[0].release, "v3.19");
  EXPECT_EQ(result.collected.advisories[0].status, AdvisoryStatus::kOpen);
  EXPECT_EQ(result.collected.advisories[0].versions, "1.36.1-r15 1.36.1-r16");
}

TEST(OsvRecordTest, WithdrawnRecordsAreIgnoredAndCounted) {
  auto result = read_record(R"({"id": "DSA-1-1", "withdrawn": "2024-02-01T00:00:00Z",
    "affected": [{"package": {"ecosystem": "Debian:12", "name": "p"},
      "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]})");
  ASSERT_TRUE(result.status);
  EXPECT_TRUE(result.collected.advisories.empty());
  EXPECT_EQ(result.stats.withdrawn, 1u);
  EXPECT_EQ(result.stats.vulnerabilities, 1u);
}

TEST(OsvRecordTest, LanguageEcosystemsAreSkippedAndCounted) {
  auto result = read_record(R"({"id": "PYSEC-2024-1", "aliases": ["CVE-2024-9"],
    "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
      "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.32.0"}]}]},
     {"package": {"ecosystem": "Debian:12", "name": "requests"}}]})");
  ASSERT_TRUE(result.status);
  EXPECT_TRUE(result.collected.advisories.empty());
  EXPECT_EQ(result.stats.other_ecosystems, 1u);
  EXPECT_EQ(result.stats.without_ranges, 1u);
}

TEST(OsvRecordTest, WrongTypesAreErrorsNamingTheRecord) {
  const std::pair<const char*, const char*> cases[] = {
      {R"([])", "'osv.json': 'the record' is not an object"},
      {R"({"id": 5})", "'osv.json': 'id' is not a string"},
      {R"({"summary": "x"})", "'osv.json': the record has no 'id'"},
      {R"({"id": "A", "affected": {}})", "record 'A': 'affected' is not an array"},
      {R"({"id": "A", "aliases": [1]})", "record 'A': 'aliases' is not an array of strings"},
      {R"({"id": "A", "modified": "yesterday"})", "'yesterday' is not an ISO 8601 date or time"},
      {R"({"id": "A", "affected": [{"package": "openssl"}]})",
       "'affected.package' is not an object"},
      {R"({"id": "A", "affected": [{"package": {"ecosystem": "Debian:12", "name": "p"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0", "fixed": "1"}]}]}]})",
       "'events' is not an array of single-member objects of strings"},
      {R"({"id": "A", "affected": [{"package": {"ecosystem": "Debian:12", "name": "p"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{"patched": "1"}]}]}]})",
       "unknown range event 'patched'"},
      {R"({"id": "A", "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:Q"}]})",
       "CVSS vector 'CVSS:3.1/AV:Q'"},
  };
  for (const auto& [text, expected] : cases) {
    auto result = read_record(text);
    ASSERT_FALSE(result.status) << text;
    EXPECT_NE(result.status.error().message.find(expected), std::string::npos)
        << result.status.error().message;
  }
}

TEST(OsvFileTest, ArrayFileIsReadElementByElement) {
  auto source = StringSource(fmt::format("[{}, {}]", kDsa, kUbuntu), "osv-array.json");
  Collected collected;
  OsvStats stats;
  ASSERT_TRUE(read_osv_json(source, collected.sink(), stats));
  EXPECT_EQ(stats.vulnerabilities, 2u);
  EXPECT_EQ(collected.advisories.size(), 3u);
  EXPECT_EQ(store::format_timestamp(*stats.latest_modified), "2025-01-10T12:00:00.000Z");
  EXPECT_EQ(stats.ecosystems, (std::set<std::string>{"debian", "ubuntu", "ubuntu-pro"}));
}

TEST(OsvFileTest, ErrorsNameTheElementOfAnArray) {
  auto source = StringSource(fmt::format("[{}, {{\"id\": 3}}]", kDsa), "osv-array.json");
  Collected collected;
  OsvStats stats;
  auto status = read_osv_json(source, collected.sink(), stats);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "'osv-array.json': element 1: 'id' is not a string");
}

TEST(OsvFileTest, TruncatedAndDeeplyNestedFilesAreRefused) {
  const std::string text = kDsa;
  for (std::size_t cut = 1; cut < text.size(); cut += 53) {
    auto source = StringSource(text.substr(0, cut), "osv.json");
    Collected collected;
    OsvStats stats;
    auto status = read_osv_json(source, collected.sink(), stats);
    ASSERT_FALSE(status) << cut;
    EXPECT_NE(status.error().message.find("'osv.json'"), std::string::npos);
  }
  auto deep = StringSource(R"({"id": "A", "x": )" + std::string(5000, '['), "osv.json");
  Collected collected;
  OsvStats stats;
  auto status = read_osv_json(deep, collected.sink(), stats);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("nested deeper than 16 levels"), std::string::npos);
}

}  // namespace
}  // namespace patchplan::feeds
