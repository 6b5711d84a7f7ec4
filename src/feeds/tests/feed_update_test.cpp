#include "feeds/feed_update.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "feeds/exploit_tables.hpp"
#include "feeds/feed_catalog.hpp"
#include "feeds/tests/http_test_server.hpp"
#include "store/tests/store_fixture.hpp"

namespace patchplan::feeds {
namespace {

using store::testing::at;
using testing::HttpRequest;
using testing::HttpTestServer;

constexpr const char* kKev = PATCHPLAN_SHARED_DIR "/data/kev/known_exploited_vulnerabilities.json";
constexpr const char* kExcerpt = PATCHPLAN_SOURCE_DIR "/src/feeds/tests/data/tracker_excerpt.json";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Serves `body` with an ETag and honours If-None-Match as an origin server must (RFC 9110,
// 13.1.2): a matching tag gets 304 without a body.
std::string conditional(const HttpRequest& request, const std::string& etag,
                        const std::string& body) {
  const auto match = request.headers.find("if-none-match");
  const std::string headers =
      "ETag: " + etag + "\r\nLast-Modified: Tue, 02 Dec 2026 08:30:00 GMT\r\n";
  if (match != request.headers.end() && match->second == etag) {
    return "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n" + headers + "\r\n";
  }
  return HttpTestServer::response(200, "OK", headers, body);
}

class FeedUpdateTest : public store::testing::StoreFixture {
 protected:
  Expected<UpdateResult> update(FeedKind kind, const std::string& url) {
    FetchRequest settings;
    settings.connect_timeout = std::chrono::seconds(5);
    settings.timeout = std::chrono::seconds(20);
    return update_feed(*store_, FeedSource{kind, url}, cache_, context_, settings);
  }
  std::vector<std::string> cache_files() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(cache_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }
  std::int64_t journal_entries() {
    return store_->database().query_int("SELECT COUNT(*) FROM journal").value();
  }

  std::string cache_ = feed_cache_dir(path());
  ImportContext context_{
      store::testing::kTestActor,
      store::testing::stepping_clock(at("2026-12-04T12:00:00.000Z"), std::chrono::minutes(1))};
};

TEST_F(FeedUpdateTest, DownloadsThenAsksConditionallyAndGets304) {
  const std::string kev = slurp(kKev);
  HttpTestServer server(
      [&](const HttpRequest& request) { return conditional(request, "\"kev-1\"", kev); });
  const std::string url = server.url("/feeds/known_exploited_vulnerabilities.json");

  auto first = update(FeedKind::kKev, url);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->outcome, UpdateOutcome::kUpdated);
  ASSERT_TRUE(first->summary.has_value());
  EXPECT_EQ(first->summary->records, 1404u);
  EXPECT_EQ(slurp(first->cache_path), kev);
  EXPECT_EQ(cache_files(), (std::vector<std::string>{"known_exploited_vulnerabilities.json"}));
  auto feed = find_feed(store_->database(), FeedKind::kKev, "kev").value();
  ASSERT_TRUE(feed.has_value());
  EXPECT_EQ(feed->source, url);
  EXPECT_EQ(feed->etag, "\"kev-1\"");
  EXPECT_EQ(feed->last_modified, "Tue, 02 Dec 2026 08:30:00 GMT");
  EXPECT_EQ(store::format_timestamp(*feed->fetched_at), "2026-12-04T12:00:00.000Z");
  EXPECT_EQ(store::format_timestamp(*feed->feed_date), "2025-08-25T17:04:19.979Z");

  auto second = update(FeedKind::kKev, url);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(second->outcome, UpdateOutcome::kUnchanged);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].headers.count("if-none-match"), 0u);
  EXPECT_EQ(requests[1].headers.at("if-none-match"), "\"kev-1\"");
  EXPECT_EQ(requests[1].headers.at("if-modified-since"), "Tue, 02 Dec 2026 08:30:00 GMT");
  auto checked = find_feed(store_->database(), FeedKind::kKev, "kev").value();
  EXPECT_GT(*checked->fetched_at, *feed->fetched_at);
  EXPECT_EQ(checked->digest, feed->digest);
  EXPECT_EQ(journal_entries(), 1);
  EXPECT_EQ(cache_files(), (std::vector<std::string>{"known_exploited_vulnerabilities.json"}));
}

TEST_F(FeedUpdateTest, TrackerDateIsTheLastModifiedHeader) {
  const std::string tracker = slurp(kExcerpt);
  HttpTestServer server(
      [&](const HttpRequest& request) { return conditional(request, "W/\"t1\"", tracker); });
  auto result = update(FeedKind::kDebianTracker, server.url("/tracker/data/json"));
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->summary->records, 15u);
  auto feed = find_feed(store_->database(), FeedKind::kDebianTracker, "tracker").value();
  EXPECT_EQ(store::format_timestamp(*feed->feed_date), "2026-12-02T08:30:00.000Z");
}

TEST_F(FeedUpdateTest, NotFoundIsAnErrorAndStoresNothing) {
  HttpTestServer server([](const HttpRequest&) {
    return HttpTestServer::response(404, "Not Found", "", "no such feed");
  });
  const std::string url = server.url("/missing.json");
  auto result = update(FeedKind::kKev, url);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().message, fmt::format("cannot download '{}': HTTP status 404", url));
  EXPECT_TRUE(list_feeds(store_->database())->empty());
  EXPECT_TRUE(cache_files().empty());
}

TEST_F(FeedUpdateTest, TruncatedOrHostileDownloadLeavesFeedAndCacheAsTheyWere) {
  const std::string kev = slurp(kKev);
  std::atomic<int> mode = 0;  // read by the server's thread
  HttpTestServer server([&](const HttpRequest& request) -> std::string {
    if (mode == 0) return conditional(request, "\"kev-1\"", kev);
    if (mode == 1) {  // Content-Length promises the whole catalog; half of it arrives
      std::string reply = HttpTestServer::response(200, "OK", "ETag: \"kev-2\"\r\n", kev);
      return reply.substr(0, reply.size() - kev.size() / 2);
    }
    return HttpTestServer::response(200, "OK", "ETag: \"kev-3\"\r\n",
                                    R"({"catalogVersion": "x", "vulnerabilities": [[[[)");
  });
  const std::string url = server.url("/kev.json");
  auto first = update(FeedKind::kKev, url);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  const auto before = find_feed(store_->database(), FeedKind::kKev, "kev").value();

  mode = 1;
  auto truncated = update(FeedKind::kKev, url);
  ASSERT_FALSE(truncated.has_value());
  EXPECT_NE(truncated.error().message.find(fmt::format("cannot download '{}': truncated", url)),
            std::string::npos)
      << truncated.error().message;

  mode = 2;
  auto hostile = update(FeedKind::kKev, url);
  ASSERT_FALSE(hostile.has_value());
  EXPECT_NE(hostile.error().message.find(fmt::format("feed from '{}'", url)), std::string::npos)
      << hostile.error().message;

  const auto after = find_feed(store_->database(), FeedKind::kKev, "kev").value();
  EXPECT_EQ(after->digest, before->digest);
  EXPECT_EQ(after->etag, "\"kev-1\"");
  EXPECT_EQ(load_kev(store_->database())->size(), 1404u);
  EXPECT_EQ(slurp(first->cache_path), kev);
  EXPECT_EQ(cache_files(), (std::vector<std::string>{"known_exploited_vulnerabilities.json"}));
  EXPECT_EQ(journal_entries(), 1);
}

TEST_F(FeedUpdateTest, ChangedContentReplacesTheFeed) {
  const std::string bodies[] = {
      R"({"p":{"CVE-2026-1":{"releases":{"bookworm":{"status":"open"}}}}})", slurp(kExcerpt)};
  const std::string etags[] = {"\"a\"", "\"b\""};
  std::atomic<int> version = 0;  // read by the server's thread
  HttpTestServer server([&](const HttpRequest& request) {
    return conditional(request, etags[version], bodies[version]);
  });
  const std::string url = server.url("/json");
  auto first = update(FeedKind::kDebianTracker, url);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  version = 1;
  auto second = update(FeedKind::kDebianTracker, url);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(second->outcome, UpdateOutcome::kUpdated);
  EXPECT_EQ(second->summary->previous_digest, first->summary->digest);
  EXPECT_EQ(second->summary->records, 15u);
  EXPECT_EQ(slurp(second->cache_path), bodies[1]);
}

TEST_F(FeedUpdateTest, OnlyHttpAndHttpsAreAllowed) {
  auto result = update(FeedKind::kKev, "file:///etc/passwd");
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message.find("cannot download 'file:///etc/passwd'"), std::string::npos);
  EXPECT_TRUE(list_feeds(store_->database())->empty());
}

}  // namespace
}  // namespace patchplan::feeds
