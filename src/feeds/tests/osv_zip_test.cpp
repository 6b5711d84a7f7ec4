#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/tests/test_files.hpp"
#include "feeds/osv_file.hpp"
#include "feeds/tests/feed_test_support.hpp"
#include "feeds/tests/zip_writer.hpp"

namespace patchplan::feeds {
namespace {

using testing::Collected;

std::string record(const std::string& id, const std::string& fixed) {
  return fmt::format(R"({{"id": "{}", "modified": "2025-03-01T00:00:00Z",
    "affected": [{{"package": {{"ecosystem": "Debian:13", "name": "curl"}},
      "ranges": [{{"type": "ECOSYSTEM",
                   "events": [{{"introduced": "0"}}, {{"fixed": "{}"}}]}}]}}]}})",
                     id, fixed);
}

class OsvZipTest : public ::testing::Test {
 protected:
  std::string path(const char* name) { return (dir_.path() / name).string(); }
  patchplan::testing::TempDir dir_;
};

TEST_F(OsvZipTest, ReadsEveryJsonEntry) {
  const std::string zip = path("all.zip");
  ASSERT_TRUE(testing::write_zip(
      zip, {{"DEBIAN-CVE-2025-0001.json", record("DEBIAN-CVE-2025-0001", "8.13.0-1")},
            {"README", "not a record"},
            {"DEBIAN-CVE-2025-0002.json", record("DEBIAN-CVE-2025-0002", "8.14.1-2")}}));
  Collected collected;
  OsvStats stats;
  auto status = read_osv_zip(zip, collected.sink(), stats);
  ASSERT_TRUE(status) << status.error().message;
  ASSERT_EQ(collected.advisories.size(), 2u);
  EXPECT_EQ(collected.advisories[0].release, "trixie");
  EXPECT_EQ(collected.advisories[1].fixed_version, "8.14.1-2");
}

TEST_F(OsvZipTest, TruncatedArchiveIsAnErrorNamingTheFile) {
  const std::string zip = path("all.zip");
  std::vector<std::pair<std::string, std::string>> entries;
  for (int i = 0; i < 20; ++i) {
    const std::string id = fmt::format("DEBIAN-CVE-2025-{:04}", i);
    entries.emplace_back(id + ".json", record(id, "1.0-1"));
  }
  ASSERT_TRUE(testing::write_zip(zip, entries));
  const auto size = std::filesystem::file_size(zip);
  for (auto keep : {size / 3, size / 2, size - 30}) {
    std::filesystem::resize_file(zip, keep);
    Collected collected;
    OsvStats stats;
    auto status = read_osv_zip(zip, collected.sink(), stats);
    ASSERT_FALSE(status) << keep;
    EXPECT_NE(status.error().message.find(zip), std::string::npos) << status.error().message;
  }
}

TEST_F(OsvZipTest, MalformedEntryIsAnErrorNamingTheEntry) {
  const std::string zip = path("all.zip");
  ASSERT_TRUE(testing::write_zip(zip, {{"A.json", record("A", "1.0-1")}, {"B.json", "{\"id\": "}}));
  Collected collected;
  OsvStats stats;
  auto status = read_osv_zip(zip, collected.sink(), stats);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find(fmt::format("'{}/B.json'", zip)), std::string::npos)
      << status.error().message;
}

TEST_F(OsvZipTest, NotAZipIsAnError) {
  const std::string file = dir_.write("all.zip", "PK\x03\x04 but nothing else").string();
  Collected collected;
  OsvStats stats;
  auto status = read_osv_zip(file, collected.sink(), stats);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find(file), std::string::npos);
}

}  // namespace
}  // namespace patchplan::feeds
