// The health gates: commands, TCP connections over plain sockets with a deadline, and HTTP
// requests with libcurl.
#include "deploy/health.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <future>
#include <memory>
#include <mutex>

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

void curl_global() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The body is not judged: it is read (so that the server is not cut off mid-answer) up to
// this many bytes, then the transfer stops.
constexpr std::size_t kHttpBodyLimit = 1u << 20;

std::size_t discard_body(char*, std::size_t size, std::size_t count, void* seen) {
  auto* total = static_cast<std::size_t*>(seen);
  *total += size * count;
  return *total > kHttpBodyLimit ? 0 : size * count;
}

// GET with libcurl: no proxy (the check is about the service itself), no redirects (a
// redirect to a log-in page is not healthy), HTTP/0.9 refused, the check's timeout for the
// whole transfer.
std::string check_http(const HealthCheck& check) {
  curl_global();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return "cannot start a libcurl transfer";
  char message[CURL_ERROR_SIZE] = {};
  std::size_t seen = 0;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, check.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_PROXY, "");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(check.timeout.count()));
  curl_easy_setopt(c, CURLOPT_USERAGENT, "patchplan");
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, message);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &seen);
  CURLcode result = curl_easy_perform(c);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  if (result != CURLE_OK && !(result == CURLE_WRITE_ERROR && seen > kHttpBodyLimit)) {
    return fmt::format("'{}' failed: {}", check.url,
                       message[0] != '\0' ? message : curl_easy_strerror(result));
  }
  if (code < 200 || code > 299) return fmt::format("'{}' answered {}", check.url, code);
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
  // The scan of every process's maps is the kernel's slowest answer here: it runs beside
  // the other gates (it only reads /proc).
  auto deleted =
      std::async(std::launch::async, [&transport] { return transport.deleted_mappings(); });
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
  auto mappings = deleted.get();
  if (mappings) report.deleted_mappings = std::move(*mappings);
  return report;
}

}  // namespace patchplan::deploy
