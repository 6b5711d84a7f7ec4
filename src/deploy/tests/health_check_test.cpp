#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "deploy/health.hpp"

namespace patchplan::deploy {
namespace {

using namespace std::chrono_literals;

// A listening socket on 127.0.0.1 with an OS-chosen port; answers each connection with
// `reply` (nothing when empty) and closes it.
class LocalServer {
 public:
  explicit LocalServer(std::string reply) : reply_(std::move(reply)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t size = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    EXPECT_EQ(::listen(fd_, 4), 0);
    thread_ = std::thread([this] {
      int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      char buffer[1024];
      [[maybe_unused]] auto n = ::recv(client, buffer, sizeof buffer, 0);
      if (!reply_.empty()) [[maybe_unused]]
        auto sent = ::send(client, reply_.data(), reply_.size(), 0);
      ::close(client);
    });
  }
  ~LocalServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  [[nodiscard]] int port() const { return port_; }

 private:
  std::string reply_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

std::unique_ptr<Transport> local() { return std::move(open_transport("local", "").value()); }

HealthCheck http_check(int port, const std::string& path = "/health") {
  HealthCheck check;
  check.kind = HealthCheck::Kind::kHttp;
  check.name = "web";
  check.url = fmt::format("http://127.0.0.1:{}{}", port, path);
  check.timeout = 2s;
  return check;
}

TEST(HealthCheckTest, TcpPortAcceptingConnectionsPasses) {
  LocalServer server("");
  HealthCheck check;
  check.kind = HealthCheck::Kind::kTcp;
  check.port = server.port();
  check.timeout = 2s;
  EXPECT_EQ(run_check(*local(), check), "");
}

TEST(HealthCheckTest, ClosedTcpPortFailsNamingTheAddress) {
  int port = 0;
  {
    LocalServer server("");
    port = server.port();
  }
  HealthCheck check;
  check.kind = HealthCheck::Kind::kTcp;
  check.port = port;
  check.timeout = 1s;
  EXPECT_EQ(run_check(*local(), check),
            fmt::format("cannot connect to 127.0.0.1:{}: Connection refused", port));
}

TEST(HealthCheckTest, Http2xxPasses) {
  LocalServer server("HTTP/1.0 204 No Content\r\n\r\n");
  EXPECT_EQ(run_check(*local(), http_check(server.port())), "");
}

TEST(HealthCheckTest, Http500Fails) {
  LocalServer server("HTTP/1.1 500 Internal Server Error\r\n\r\n");
  auto check = http_check(server.port());
  EXPECT_EQ(run_check(*local(), check), fmt::format("'{}' answered 500", check.url));
}

TEST(HealthCheckTest, RedirectIsNotFollowedAndFails) {
  LocalServer server("HTTP/1.1 302 Found\r\nLocation: /login\r\nContent-Length: 0\r\n\r\n");
  auto check = http_check(server.port());
  EXPECT_EQ(run_check(*local(), check), fmt::format("'{}' answered 302", check.url));
}

TEST(HealthCheckTest, ServerThatClosesWithoutAnAnswerFails) {
  LocalServer server("");
  auto check = http_check(server.port());
  EXPECT_EQ(run_check(*local(), check),
            fmt::format("'{}' failed: Empty reply from server", check.url));
}

TEST(HealthCheckTest, ReplyThatIsNotHttpFails) {
  LocalServer server("SSH-2.0-OpenSSH_9.2\r\n");
  auto check = http_check(server.port());
  EXPECT_EQ(run_check(*local(), check),
            fmt::format("'{}' failed: Received HTTP/0.9 when not allowed", check.url));
}

TEST(HealthCheckTest, CommandWithTheWrongExitCodeFailsWithItsOutput) {
  HealthCheck check;
  check.argv = {"sh", "-c", "echo broken; exit 3"};
  EXPECT_EQ(run_check(*local(), check), "exit code 3, expected 0: broken ");
  check.expected_exit = 3;
  EXPECT_EQ(run_check(*local(), check), "");
}

TEST(HealthCheckTest, CommandPastItsTimeoutFails) {
  HealthCheck check;
  check.argv = {"sleep", "10"};
  check.timeout = 200ms;
  EXPECT_EQ(run_check(*local(), check), "timed out after 200 ms");
}

}  // namespace
}  // namespace patchplan::deploy
