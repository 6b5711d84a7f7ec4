#include "deploy/change_request.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace patchplan::deploy {
namespace {

constexpr const char* kRequest = R"({
  "change_id": "2026-12-web",
  "reason": "DSA-1 in demo-svc",
  "hosts": [{"name": "web1", "target": "root:/srv/web1", "ring": 0},
            {"name": "web2", "target": "root:/srv/web2", "ring": 1}],
  "packages": [{"name": "demo-svc", "architecture": "all", "version": "1.1-1"}],
  "window_end": "2026-12-05T06:00:00.000Z",
  "policy": {"concurrency": 2, "failure_threshold": "50%", "soak_seconds": 3,
             "restart": "restart", "restart_allowed": ["ssh.service"],
             "checks": [{"name": "svc", "command": ["demo-svc", "--health"]},
                        {"name": "port", "tcp": "127.0.0.1:8080"},
                        {"name": "web", "http": "http://127.0.0.1:8080/health"}]}
})";

TEST(ChangeRequestTest, ReadsEveryKnobAndRoundTrips) {
  auto request = parse_change_request(kRequest, "req.json");
  ASSERT_TRUE(request.has_value()) << request.error().message;
  EXPECT_EQ(request->change_id, "2026-12-web");
  ASSERT_EQ(request->hosts.size(), 2u);
  EXPECT_EQ(request->hosts[1].ring, 1);
  EXPECT_EQ(request->packages[0], (PackagePin{"demo-svc", "all", "1.1-1"}));
  EXPECT_EQ(request->policy.concurrency, 2);
  EXPECT_EQ(request->policy.failure_threshold.allowed_failures(4), 2);
  EXPECT_EQ(request->policy.soak, std::chrono::seconds(3));
  ASSERT_EQ(request->policy.checks.size(), 3u);
  EXPECT_EQ(request->policy.checks[1].port, 8080);
  EXPECT_EQ(request->policy.checks[2].kind, HealthCheck::Kind::kHttp);
  EXPECT_TRUE(request->window_end.has_value());
  EXPECT_EQ(request->policy.restart, RestartPolicy::kRestart);
  EXPECT_EQ(request->policy.restart_allowed, std::vector<std::string>{"ssh.service"});

  auto again = parse_change_request(change_request_json(*request), "copy");
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(change_request_json(*again), change_request_json(*request));
}

// The example of docs/change-request.md is a valid request with the values it explains.
TEST(ChangeRequestTest, TheDocumentedExampleIsAValidRequest) {
  std::ifstream file(std::string(PATCHPLAN_SOURCE_DIR) + "/docs/change-request.md");
  std::stringstream text;
  text << file.rdbuf();
  const std::string doc = text.str();
  const auto start = doc.find("```json\n");
  ASSERT_NE(start, std::string::npos);
  const auto end = doc.find("```", start + 8);
  auto request = parse_change_request(doc.substr(start + 8, end - start - 8), "example");
  ASSERT_TRUE(request.has_value()) << request.error().message;
  EXPECT_EQ(request->hosts.size(), 2u);
  EXPECT_TRUE(request->hosts[1].window_start.has_value());
  EXPECT_EQ(request->policy.failure_threshold.allowed_failures(20), 2);
  EXPECT_EQ(request->policy.checks.size(), 3u);
  EXPECT_EQ(request->policy.restart, RestartPolicy::kRestart);
}

TEST(ChangeRequestTest, HostsOwnPinsWindowsAndThePlanRoundTrip) {
  auto request = parse_change_request(R"({
    "change_id": "plan-3-v2-canary",
    "hosts": [{"name": "a", "target": "local", "window_start": "2026-12-10T21:00:00.000Z",
               "window_end": "2026-12-11T00:00:00.000Z",
               "packages": [{"name": "p", "architecture": "all", "version": "2"}]}],
    "plan": {"id": 3, "period": "2026-12", "version": 2, "digest": "ab"}})",
                                      "req.json");
  ASSERT_TRUE(request.has_value()) << request.error().message;
  EXPECT_TRUE(request->packages.empty());
  ASSERT_EQ(request->packages_of("a").size(), 1u);
  EXPECT_EQ(request->packages_of("a")[0], (PackagePin{"p", "all", "2"}));
  EXPECT_TRUE(request->packages_of("other").empty());
  EXPECT_EQ(store::format_timestamp(*request->hosts[0].window_start), "2026-12-10T21:00:00.000Z");
  ASSERT_TRUE(request->plan.has_value());
  EXPECT_EQ(request->plan->id, 3);
  EXPECT_EQ(request->plan->version, 2);
  auto again = parse_change_request(change_request_json(*request), "copy");
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_EQ(change_request_json(*again), change_request_json(*request));
}

TEST(ChangeRequestTest, ForeignArchitectureIsQualifiedForApt) {
  PackagePin pin{"libc6", "i386", "2.36-9"};
  EXPECT_EQ(pin.apt_name("amd64"), "libc6:i386");
  EXPECT_EQ(pin.apt_name("i386"), "libc6");
  EXPECT_EQ((PackagePin{"tzdata", "all", "1"}).apt_name("amd64"), "tzdata");
}

struct BadRequest {
  const char* text;
  const char* message;
};

class ChangeRequestBadInputTest : public ::testing::TestWithParam<BadRequest> {};

TEST_P(ChangeRequestBadInputTest, IsRefusedWithAMessageNamingTheFile) {
  auto request = parse_change_request(GetParam().text, "req.json");
  ASSERT_FALSE(request.has_value());
  EXPECT_EQ(request.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(request.error().message, GetParam().message);
}

constexpr const char* kHosts = R"("hosts": [{"name": "a", "target": "local"}])";
constexpr const char* kPackages =
    R"("packages": [{"name": "p", "architecture": "all", "version": "1"}])";

INSTANTIATE_TEST_SUITE_P(
    Cases, ChangeRequestBadInputTest,
    ::testing::Values(
        BadRequest{"{", "change request 'req.json': not valid JSON"},
        BadRequest{"[]", "change request 'req.json': document: expected an object"},
        BadRequest{R"({"change_id": "x", "extra": 1})",
                   "change request 'req.json': document: unknown key 'extra'"},
        BadRequest{R"({"change_id": "a b"})", "change request 'req.json': change_id: bad id 'a b'"},
        BadRequest{R"({"change_id": "x"})", "change request 'req.json': document: missing 'hosts'"},
        BadRequest{R"({"change_id": "x", "hosts": []})",
                   "change request 'req.json': hosts: expected a non-empty array"},
        BadRequest{R"({"change_id": "x", "hosts": [{"name": "a", "target": "local"},
                   {"name": "a", "target": "local"}]})",
                   "change request 'req.json': hosts[1]: host 'a' twice"},
        BadRequest{R"({"change_id": "x", "hosts": [{"name": "a", "target": "local"}],
                   "packages": [{"name": "p", "architecture": "all", "version": "1 2"}]})",
                   "change request 'req.json': packages[0]: bad 'version' '1 2'"},
        BadRequest{R"({"change_id": "x", "hosts": [{"name": "a", "target": "local"}],
                   "packages": [{"name": "p", "architecture": "all"}]})",
                   "change request 'req.json': packages[0]: missing 'version'"},
        BadRequest{R"({"change_id": "x", "hosts": [{"name": "a", "target": "local", "ring": -1}],
                   "packages": []})",
                   "change request 'req.json': hosts[0]: 'ring' must be from 0 to 1000"},
        BadRequest{R"({"change_id": "x", "hosts": [{"name": "a", "target": "local",
                   "packages": [{"name": "p", "architecture": "all"}]}]})",
                   "change request 'req.json': hosts[0].packages[0]: missing 'version'"},
        BadRequest{R"({"change_id": "x", "hosts": [{"name": "a", "target": "local",
                   "window_end": "soon"}], "packages": []})",
                   "change request 'req.json': hosts[0]: invalid timestamp 'soon': expected UTC "
                   "'YYYY-MM-DDTHH:MM:SS.mmmZ'"},
        BadRequest{R"({"change_id": "x", "hosts": [{"name": "a", "target": "local"},
                   {"name": "b", "target": "local",
                   "packages": [{"name": "p", "architecture": "all", "version": "1"}]}]})",
                   "change request 'req.json': document: missing 'packages'"},
        BadRequest{R"({"change_id": "x", "hosts": [{"name": "a", "target": "local"}],
                   "packages": [{"name": "p", "architecture": "all", "version": "1"}],
                   "plan": {"id": 0, "period": "2026-12", "version": 1, "digest": ""}})",
                   "change request 'req.json': plan: 'id' must be from 1 to 9223372036854775807"}));

TEST(ChangeRequestTest, BadPolicyValuesAreRefused) {
  for (const auto& [policy, message] : std::vector<std::pair<std::string, std::string>>{
           {R"({"concurrency": 0})", "policy: 'concurrency' must be from 1 to 1000"},
           {R"({"failure_threshold": "x%"})",
            "policy: 'failure_threshold' must be a count or a percentage such as \"10%\""},
           {R"({"checks": [{"name": "c"}]})",
            "policy.checks[0]: needs exactly one of 'command', 'tcp', 'http'"},
           {R"({"checks": [{"name": "c", "tcp": "host"}]})",
            "policy.checks[0]: 'tcp' must be HOST:PORT, not 'host'"},
           {R"({"checks": [{"name": "c", "http": "ftp://x"}]})",
            "policy.checks[0]: 'http' must be an http:// or https:// URL"},
           {R"({"checks": [{"name": "c", "http": "http:///x"}]})",
            "policy.checks[0]: 'http' URL has no host"},
           {R"({"reboot_allowed": 1})", "policy: 'reboot_allowed' must be true or false"},
           {R"({"restart": "always"})",
            "policy: 'restart' must be \"never\", \"list\" or \"restart\""},
           {R"({"restart_allowed": "ssh.service"})",
            "policy: 'restart_allowed' must be an array of unit names"}}) {
    std::string text =
        fmt::format(R"({{"change_id": "x", {}, {}, "policy": {}}})", kHosts, kPackages, policy);
    auto request = parse_change_request(text, "req.json");
    ASSERT_FALSE(request.has_value()) << policy;
    EXPECT_EQ(request.error().message, "change request 'req.json': " + message);
  }
}

}  // namespace
}  // namespace patchplan::deploy
