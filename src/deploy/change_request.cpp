// The JSON form of a change request: strict keys, typed values, one-line errors.
#include "deploy/change_request.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

namespace patchplan::deploy {
namespace {

using nlohmann::json;

struct Reader {
  std::string_view source;

  Error bad(std::string_view where, std::string_view what) const {
    return make_error(ErrorCode::kInvalidInput, "change request '{}': {}: {}", source, where, what);
  }

  Status only_keys(const json& object, std::string_view where,
                   std::initializer_list<std::string_view> keys) const {
    if (!object.is_object()) return bad(where, "expected an object");
    for (const auto& [key, value] : object.items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        return bad(where, fmt::format("unknown key '{}'", key));
      }
    }
    return ok();
  }

  Expected<std::string> text(const json& object, std::string_view where, const char* key,
                             bool required) const {
    if (!object.contains(key)) {
      if (required) return bad(where, fmt::format("missing '{}'", key));
      return std::string();
    }
    if (!object[key].is_string()) return bad(where, fmt::format("'{}' must be a string", key));
    return object[key].get<std::string>();
  }

  Expected<std::int64_t> number(const json& object, std::string_view where, const char* key,
                                std::int64_t fallback, std::int64_t low, std::int64_t high) const {
    if (!object.contains(key)) return fallback;
    if (!object[key].is_number_integer()) {
      return bad(where, fmt::format("'{}' must be an integer", key));
    }
    auto value = object[key].get<std::int64_t>();
    if (value < low || value > high) {
      return bad(where, fmt::format("'{}' must be from {} to {}", key, low, high));
    }
    return value;
  }

  Expected<bool> flag(const json& object, std::string_view where, const char* key,
                      bool fallback) const {
    if (!object.contains(key)) return fallback;
    if (!object[key].is_boolean())
      return bad(where, fmt::format("'{}' must be true or false", key));
    return object[key].get<bool>();
  }
};

bool valid_change_id(const std::string& id) {
  static const std::regex pattern("[A-Za-z0-9._-]{1,64}");
  return std::regex_match(id, pattern);
}

Expected<HealthCheck> read_check(const Reader& r, const json& item, std::string_view where) {
  if (auto s = r.only_keys(item, where,
                           {"name", "command", "expected_exit", "tcp", "http", "timeout_seconds"});
      !s) {
    return s.error();
  }
  HealthCheck check;
  auto name = r.text(item, where, "name", true);
  if (!name) return name.error();
  check.name = *name;
  auto timeout = r.number(item, where, "timeout_seconds", 10, 1, 3600);
  if (!timeout) return timeout.error();
  check.timeout = std::chrono::seconds(*timeout);
  int kinds =
      int(item.contains("command")) + int(item.contains("tcp")) + int(item.contains("http"));
  if (kinds != 1) return r.bad(where, "needs exactly one of 'command', 'tcp', 'http'");
  if (item.contains("command")) {
    const json& argv = item["command"];
    if (!argv.is_array() || argv.empty() ||
        !std::all_of(argv.begin(), argv.end(), [](const json& w) { return w.is_string(); })) {
      return r.bad(where, "'command' must be a non-empty array of strings");
    }
    for (const auto& word : argv) check.argv.push_back(word.get<std::string>());
    auto expected = r.number(item, where, "expected_exit", 0, 0, 255);
    if (!expected) return expected.error();
    check.expected_exit = static_cast<int>(*expected);
    return check;
  }
  if (item.contains("tcp")) {
    check.kind = HealthCheck::Kind::kTcp;
    auto address = r.text(item, where, "tcp", true);
    if (!address) return address.error();
    std::size_t colon = address->rfind(':');
    int port = 0;
    if (colon == std::string::npos || std::sscanf(address->c_str() + colon + 1, "%d", &port) != 1 ||
        port < 1 || port > 65535) {
      return r.bad(where, fmt::format("'tcp' must be HOST:PORT, not '{}'", *address));
    }
    check.host = address->substr(0, colon);
    check.port = port;
    return check;
  }
  check.kind = HealthCheck::Kind::kHttp;
  auto url = r.text(item, where, "http", true);
  if (!url) return url.error();
  if (!url->starts_with("http://") && !url->starts_with("https://")) {
    return r.bad(where, "'http' must be an http:// or https:// URL");
  }
  std::string_view authority = std::string_view(*url).substr(url->find("//") + 2);
  if (authority.empty() || authority.front() == '/' || authority.front() == ':') {
    return r.bad(where, "'http' URL has no host");
  }
  check.url = *url;
  return check;
}

Status read_policy(const Reader& r, const json& object, DeployPolicy& policy) {
  const std::string_view where = "policy";
  if (auto s = r.only_keys(
          object, where,
          {"concurrency", "failure_threshold", "soak_seconds", "reboot_allowed",
           "repair_interrupted", "allow_held", "require_candidate", "keep_old_conffiles",
           "lock_timeout_seconds", "apply_timeout_seconds", "reboot_timeout_seconds",
           "min_free_bytes", "checks", "restart", "restart_allowed"});
      !s) {
    return s;
  }
  auto concurrency = r.number(object, where, "concurrency", 1, 1, 1000);
  auto soak = r.number(object, where, "soak_seconds", 0, 0, 7 * 86400);
  auto lock = r.number(object, where, "lock_timeout_seconds", 60, 0, 86400);
  auto apply = r.number(object, where, "apply_timeout_seconds", 1800, 1, 86400);
  auto reboot_timeout = r.number(object, where, "reboot_timeout_seconds", 600, 1, 86400);
  auto free = r.number(object, where, "min_free_bytes", 16 << 20, 0, INT64_MAX);
  for (auto* value : {&concurrency, &soak, &lock, &apply, &reboot_timeout, &free}) {
    if (!*value) return value->error();
  }
  policy.concurrency = static_cast<int>(*concurrency);
  policy.soak = std::chrono::seconds(*soak);
  policy.lock_timeout = std::chrono::seconds(*lock);
  policy.apply_timeout = std::chrono::seconds(*apply);
  policy.reboot_timeout = std::chrono::seconds(*reboot_timeout);
  policy.min_free_bytes = static_cast<std::uint64_t>(*free);
  auto reboot = r.flag(object, where, "reboot_allowed", false);
  auto repair = r.flag(object, where, "repair_interrupted", false);
  auto held = r.flag(object, where, "allow_held", false);
  auto confold = r.flag(object, where, "keep_old_conffiles", true);
  auto candidate = r.flag(object, where, "require_candidate", true);
  for (auto* value : {&reboot, &repair, &held, &confold, &candidate}) {
    if (!*value) return value->error();
  }
  policy.reboot_allowed = *reboot;
  policy.repair_interrupted = *repair;
  policy.allow_held = *held;
  policy.keep_old_conffiles = *confold;
  policy.require_candidate = *candidate;
  if (object.contains("failure_threshold")) {
    const json& threshold = object["failure_threshold"];
    int percent = -1;
    if (threshold.is_number_integer() && threshold.get<std::int64_t>() >= 0) {
      policy.failure_threshold.absolute = threshold.get<int>();
    } else if (threshold.is_string() &&
               std::sscanf(threshold.get<std::string>().c_str(), "%d%%", &percent) == 1 &&
               threshold.get<std::string>() == fmt::format("{}%", percent) && percent >= 0 &&
               percent <= 100) {
      policy.failure_threshold.percent = percent;
    } else {
      return r.bad(where, "'failure_threshold' must be a count or a percentage such as \"10%\"");
    }
  }
  auto restart = r.text(object, where, "restart", false);
  if (!restart) return restart.error();
  if (*restart == "never") {
    policy.restart = RestartPolicy::kNever;
  } else if (*restart == "restart") {
    policy.restart = RestartPolicy::kRestart;
  } else if (!restart->empty() && *restart != "list") {
    return r.bad(where, "'restart' must be \"never\", \"list\" or \"restart\"");
  }
  if (object.contains("restart_allowed")) {
    const json& units = object["restart_allowed"];
    if (!units.is_array() ||
        !std::all_of(units.begin(), units.end(), [](const json& u) { return u.is_string(); })) {
      return r.bad(where, "'restart_allowed' must be an array of unit names");
    }
    for (const auto& unit : units) policy.restart_allowed.push_back(unit.get<std::string>());
  }
  if (object.contains("checks")) {
    if (!object["checks"].is_array()) return r.bad(where, "'checks' must be an array");
    std::size_t index = 0;
    for (const auto& item : object["checks"]) {
      auto check = read_check(r, item, fmt::format("policy.checks[{}]", index++));
      if (!check) return check.error();
      policy.checks.push_back(std::move(*check));
    }
  }
  return ok();
}

Status read_packages(const Reader& r, const json& list, std::vector<PackagePin>& packages,
                     const std::string& prefix) {
  if (!list.is_array() || list.empty()) return r.bad(prefix, "expected a non-empty array");
  std::size_t index = 0;
  for (const auto& item : list) {
    std::string where = fmt::format("{}[{}]", prefix, index++);
    if (auto s = r.only_keys(item, where, {"name", "architecture", "version"}); !s) return s;
    PackagePin pin;
    for (auto [key, field] :
         {std::pair{"name", &pin.name}, std::pair{"architecture", &pin.architecture},
          std::pair{"version", &pin.version}}) {
      auto value = r.text(item, where, key, true);
      if (!value) return value.error();
      if (value->empty() || value->find_first_of(" \t\n=/") != std::string::npos) {
        return r.bad(where, fmt::format("bad '{}' '{}'", key, *value));
      }
      *field = *value;
    }
    for (const auto& other : packages) {
      if (other.name == pin.name && other.architecture == pin.architecture) {
        return r.bad(where, fmt::format("package '{}:{}' twice", pin.name, pin.architecture));
      }
    }
    packages.push_back(std::move(pin));
  }
  return ok();
}

Status read_hosts(const Reader& r, const json& list, std::vector<HostTarget>& hosts) {
  if (!list.is_array() || list.empty()) return r.bad("hosts", "expected a non-empty array");
  std::set<std::string> names;
  std::size_t index = 0;
  for (const auto& item : list) {
    std::string where = fmt::format("hosts[{}]", index++);
    if (auto s = r.only_keys(
            item, where,
            {"name", "target", "ring", "packages", "window_start", "window_end", "reboot_allowed"});
        !s) {
      return s;
    }
    auto name = r.text(item, where, "name", true);
    if (!name) return name.error();
    auto target = r.text(item, where, "target", true);
    if (!target) return target.error();
    auto ring = r.number(item, where, "ring", 0, 0, 1000);
    if (!ring) return ring.error();
    if (name->empty()) return r.bad(where, "empty 'name'");
    if (!names.insert(*name).second) return r.bad(where, fmt::format("host '{}' twice", *name));
    HostTarget host{*name, *target, static_cast<int>(*ring), {}, {}, {}, {}};
    if (item.contains("reboot_allowed")) {
      auto reboot = r.flag(item, where, "reboot_allowed", false);
      if (!reboot) return reboot.error();
      host.reboot_allowed = *reboot;
    }
    if (item.contains("packages")) {
      if (auto s = read_packages(r, item["packages"], host.packages, where + ".packages"); !s) {
        return s;
      }
    }
    for (auto [key, field] : {std::pair{"window_start", &host.window_start},
                              std::pair{"window_end", &host.window_end}}) {
      auto text = r.text(item, where, key, false);
      if (!text) return text.error();
      if (text->empty()) continue;
      auto time = store::parse_timestamp(*text);
      if (!time) return r.bad(where, time.error().message);
      *field = *time;
    }
    hosts.push_back(std::move(host));
  }
  return ok();
}

Expected<ChangeRequest> read_request(const Reader& r, const json& document) {
  if (auto s =
          r.only_keys(document, "document",
                      {"change_id", "reason", "hosts", "packages", "window_end", "policy", "plan"});
      !s) {
    return s.error();
  }
  ChangeRequest request;
  auto id = r.text(document, "document", "change_id", true);
  if (!id) return id.error();
  if (!valid_change_id(*id)) return r.bad("change_id", fmt::format("bad id '{}'", *id));
  request.change_id = *id;
  auto reason = r.text(document, "document", "reason", false);
  if (!reason) return reason.error();
  request.reason = *reason;
  if (!document.contains("hosts")) return r.bad("document", "missing 'hosts'");
  if (auto s = read_hosts(r, document["hosts"], request.hosts); !s) return s.error();
  bool every_host_has_packages =
      std::all_of(request.hosts.begin(), request.hosts.end(),
                  [](const HostTarget& h) { return !h.packages.empty(); });
  if (document.contains("packages")) {
    if (auto s = read_packages(r, document["packages"], request.packages, "packages"); !s) {
      return s.error();
    }
  } else if (!every_host_has_packages) {
    return r.bad("document", "missing 'packages'");
  }
  if (document.contains("plan")) {
    const json& plan = document["plan"];
    if (auto s = r.only_keys(plan, "plan", {"id", "period", "version", "digest"}); !s) {
      return s.error();
    }
    auto plan_id = r.number(plan, "plan", "id", 0, 1, INT64_MAX);
    auto version = r.number(plan, "plan", "version", 0, 1, INT64_MAX);
    auto period = r.text(plan, "plan", "period", true);
    auto digest = r.text(plan, "plan", "digest", true);
    if (!plan_id) return plan_id.error();
    if (!version) return version.error();
    if (!period) return period.error();
    if (!digest) return digest.error();
    if (*plan_id == 0 || *version == 0) return r.bad("plan", "needs 'id' and 'version'");
    request.plan = PlanReference{*plan_id, *period, *version, *digest};
  }
  auto window = r.text(document, "document", "window_end", false);
  if (!window) return window.error();
  if (!window->empty()) {
    auto end = store::parse_timestamp(*window);
    if (!end) return r.bad("window_end", end.error().message);
    request.window_end = *end;
  }
  if (document.contains("policy")) {
    if (auto s = read_policy(r, document["policy"], request.policy); !s) return s.error();
  }
  return request;
}

}  // namespace

const std::vector<PackagePin>& ChangeRequest::packages_of(std::string_view name) const {
  for (const auto& host : hosts) {
    if (host.name == name && !host.packages.empty()) return host.packages;
  }
  return packages;
}

std::string PackagePin::apt_name(std::string_view native_architecture) const {
  if (architecture == "all" || architecture == native_architecture) return name;
  return name + ":" + architecture;
}

Expected<ChangeRequest> parse_change_request(std::string_view text, std::string_view source) {
  Reader reader{source};
  json document = json::parse(text, nullptr, false);
  if (document.is_discarded()) {
    return make_error(ErrorCode::kInvalidInput, "change request '{}': not valid JSON", source);
  }
  return read_request(reader, document);
}

std::string change_request_json(const ChangeRequest& request) {
  auto pins_json = [](const std::vector<PackagePin>& pins) {
    json out = json::array();
    for (const auto& pin : pins) {
      out.push_back(
          {{"name", pin.name}, {"architecture", pin.architecture}, {"version", pin.version}});
    }
    return out;
  };
  json hosts = json::array();
  for (const auto& host : request.hosts) {
    json item = {{"name", host.name}, {"target", host.target}, {"ring", host.ring}};
    if (!host.packages.empty()) item["packages"] = pins_json(host.packages);
    if (host.window_start) item["window_start"] = store::format_timestamp(*host.window_start);
    if (host.window_end) item["window_end"] = store::format_timestamp(*host.window_end);
    if (host.reboot_allowed) item["reboot_allowed"] = *host.reboot_allowed;
    hosts.push_back(std::move(item));
  }
  const DeployPolicy& p = request.policy;
  json checks = json::array();
  for (const auto& check : p.checks) {
    json item = {{"name", check.name},
                 {"timeout_seconds",
                  std::chrono::duration_cast<std::chrono::seconds>(check.timeout).count()}};
    if (check.kind == HealthCheck::Kind::kCommand) {
      item["command"] = check.argv;
      item["expected_exit"] = check.expected_exit;
    } else if (check.kind == HealthCheck::Kind::kTcp) {
      item["tcp"] = fmt::format("{}:{}", check.host, check.port);
    } else {
      item["http"] = check.url;
    }
    checks.push_back(std::move(item));
  }
  json threshold = p.failure_threshold.percent
                       ? json(fmt::format("{}%", *p.failure_threshold.percent))
                       : json(p.failure_threshold.absolute);
  json policy = {
      {"concurrency", p.concurrency},
      {"failure_threshold", threshold},
      {"soak_seconds", p.soak.count()},
      {"reboot_allowed", p.reboot_allowed},
      {"repair_interrupted", p.repair_interrupted},
      {"allow_held", p.allow_held},
      {"require_candidate", p.require_candidate},
      {"keep_old_conffiles", p.keep_old_conffiles},
      {"lock_timeout_seconds",
       std::chrono::duration_cast<std::chrono::seconds>(p.lock_timeout).count()},
      {"apply_timeout_seconds",
       std::chrono::duration_cast<std::chrono::seconds>(p.apply_timeout).count()},
      {"reboot_timeout_seconds",
       std::chrono::duration_cast<std::chrono::seconds>(p.reboot_timeout).count()},
      {"min_free_bytes", p.min_free_bytes},
      {"checks", std::move(checks)},
      {"restart", p.restart == RestartPolicy::kNever     ? "never"
                  : p.restart == RestartPolicy::kRestart ? "restart"
                                                         : "list"},
      {"restart_allowed", p.restart_allowed},
  };
  json document = {{"change_id", request.change_id},
                   {"reason", request.reason},
                   {"hosts", std::move(hosts)},
                   {"policy", std::move(policy)}};
  if (!request.packages.empty()) document["packages"] = pins_json(request.packages);
  if (request.plan) {
    document["plan"] = {{"id", request.plan->id},
                        {"period", request.plan->period},
                        {"version", request.plan->version},
                        {"digest", request.plan->digest}};
  }
  if (request.window_end) document["window_end"] = store::format_timestamp(*request.window_end);
  return document.dump();
}

}  // namespace patchplan::deploy
