// The health gates, and TCP and HTTP checks over plain sockets with a deadline.
#include "deploy/health.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/unique_fd.hpp"
#include "deploy/host_packages.hpp"

namespace patchplan::deploy {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<std::int64_t>(0, left.count()));
}

// Connects to host:port before `deadline`; "" and a socket, or why not.
std::string connect_to(const std::string& host, int port, Clock::time_point deadline,
                       UniqueFd& out) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return fmt::format("cannot resolve '{}': {}", host, ::gai_strerror(rc));
  }
  std::string why = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    UniqueFd fd(::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd.valid()) continue;
    if (::connect(fd.get(), a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
      why = std::strerror(errno);
      continue;
    }
    pollfd p{fd.get(), POLLOUT, 0};
    if (::poll(&p, 1, remaining_ms(deadline)) != 1) {
      why = "timed out";
      continue;
    }
    int err = 0;
    socklen_t size = sizeof err;
    ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &size);
    if (err != 0) {
      why = std::strerror(err);
      continue;
    }
    out = std::move(fd);
    ::freeaddrinfo(found);
    return "";
  }
  ::freeaddrinfo(found);
  return fmt::format("cannot connect to {}:{}: {}", host, port, why);
}

std::string check_http(const HealthCheck& check) {
  const auto deadline = Clock::now() + check.timeout;
  std::string rest = check.url.substr(7);  // after "http://"
  std::size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "/" : rest.substr(slash);
  std::string host = authority;
  int port = 80;
  if (std::size_t colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = std::atoi(authority.c_str() + colon + 1);
  }
  UniqueFd fd;
  if (auto why = connect_to(host, port, deadline, fd); !why.empty()) return why;
  std::string request = fmt::format(
      "GET {} HTTP/1.0\r\nHost: {}\r\nUser-Agent: patchplan\r\nConnection: close\r\n\r\n", path,
      authority);
  if (::send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    return fmt::format("cannot send to '{}'", check.url);
  }
  std::string reply;
  char buffer[1024];
  while (reply.find("\r\n") == std::string::npos && reply.size() < 8192) {
    pollfd p{fd.get(), POLLIN, 0};
    if (::poll(&p, 1, remaining_ms(deadline)) != 1) return fmt::format("'{}' timed out", check.url);
    ssize_t n = ::recv(fd.get(), buffer, sizeof buffer, 0);
    if (n <= 0) break;
    reply.append(buffer, static_cast<std::size_t>(n));
  }
  // Status line: HTTP-version SP status-code SP reason (RFC 9112 section 4).
  std::string line = reply.substr(0, reply.find("\r\n"));
  std::size_t space = line.find(' ');
  if (!line.starts_with("HTTP/") || space == std::string::npos || line.size() < space + 4) {
    return fmt::format("'{}' gave no HTTP status line", check.url);
  }
  std::string code = line.substr(space + 1, 3);
  if (code[0] != '2') return fmt::format("'{}' answered {}", check.url, code);
  return "";
}

}  // namespace

std::string run_check(Transport& transport, const HealthCheck& check) {
  switch (check.kind) {
    case HealthCheck::Kind::kCommand: {
      Command command = make_command(Tool::kPlain, check.argv);
      command.timeout = check.timeout;
      auto result = transport.run(command);
      if (!result) return result.error().message;
      if (result->timed_out) return fmt::format("timed out after {} ms", check.timeout.count());
      if (result->exit_code != check.expected_exit) {
        std::string output(result->output.substr(0, 200));
        std::replace(output.begin(), output.end(), '\n', ' ');
        return fmt::format("exit code {}, expected {}: {}", result->exit_code, check.expected_exit,
                           output);
      }
      return "";
    }
    case HealthCheck::Kind::kTcp: {
      UniqueFd fd;
      return connect_to(check.host, check.port, Clock::now() + check.timeout, fd);
    }
    case HealthCheck::Kind::kHttp:
      return check_http(check);
  }
  return "unknown check";
}

int count_failed_units(Transport& transport) {
  if (!transport.runs_systemd()) return -1;
  auto failed = transport.run(make_command(
      Tool::kPlain, {"systemctl", "list-units", "--state=failed", "--no-legend", "--plain"}));
  if (!failed || !failed->succeeded()) return -1;
  return static_cast<int>(std::count(failed->output.begin(), failed->output.end(), '\n'));
}

Expected<HealthReport> run_health_gates(Transport& transport, const ChangeRequest& request,
                                        std::string_view native_architecture,
                                        int failed_units_before) {
  HealthReport report;
  auto packages = query_host_packages(transport);
  if (!packages) return packages.error();
  for (const auto& pin : request.packages) {
    auto it = packages->find(pin.name + ":" + pin.architecture);
    std::string name = pin.apt_name(native_architecture);
    if (it == packages->end() || !it->second.has_current_version()) {
      report.failures.push_back(fmt::format("'{}' is not installed", name));
    } else if (it->second.version != pin.version || !it->second.installed()) {
      report.failures.push_back(fmt::format("'{}' is {} {}, planned {} installed", name,
                                            inventory::state_name(it->second.status.state),
                                            it->second.version, pin.version));
    }
  }
  report.failed_units = count_failed_units(transport);
  if (failed_units_before >= 0 && report.failed_units > failed_units_before) {
    report.failures.push_back(fmt::format("{} failed systemd units, {} before", report.failed_units,
                                          failed_units_before));
  }
  for (const auto& check : request.policy.checks) {
    std::string why = run_check(transport, check);
    if (why.empty()) {
      report.passed.push_back(check.name);
    } else {
      report.failures.push_back(fmt::format("check '{}' failed: {}", check.name, why));
    }
  }
  auto deleted = transport.deleted_mappings();
  if (deleted) report.deleted_mappings = std::move(*deleted);
  return report;
}

}  // namespace patchplan::deploy
