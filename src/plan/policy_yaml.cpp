// The policy file reader: sections of the default policy replaced by those of the file.
#include <cassert>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "plan/glob.hpp"
#include "plan/policy_loader.hpp"
#include "plan/recurrence.hpp"
#include "plan/tier_rules_yaml.hpp"
#include "plan/yaml_fields.hpp"
#include "plan/zone.hpp"

namespace patchplan::plan {
namespace {

constexpr std::array<std::pair<std::string_view, Criticality>, 4> kCriticalities = {
    {{"critical", Criticality::kCritical},
     {"high", Criticality::kHigh},
     {"normal", Criticality::kNormal},
     {"low", Criticality::kLow}}};

constexpr std::array<std::pair<std::string_view, RebootPolicy>, 3> kReboots = {
    {{"allowed", RebootPolicy::kAllowed},
     {"if-required", RebootPolicy::kIfRequired},
     {"never", RebootPolicy::kNever}}};

class PolicyReader {
 public:
  PolicyReader(std::string_view file, Policy& policy)
      : source_{std::string(file)}, policy_(policy) {}

  Status read(const YAML::Node& root);

 private:
  Status read_deadlines(const YAML::Node& node);
  Status read_criticality(const YAML::Node& node);
  Status read_classes(const YAML::Node& node);
  Status read_windows(const YAML::Node& node);
  Status read_blackouts(const YAML::Node& node);
  Status read_rings(const YAML::Node& node);
  Status read_spreading(const YAML::Node& node);
  Status read_packages(const YAML::Node& node);
  Status read_deploy(const YAML::Node& node);
  Expected<DeploymentCheck> read_check(const YAML::Node& node, const std::string& path);
  Expected<WindowSpec> read_window(const YAML::Node& node, const std::string& path,
                                   const std::string& name, bool need_kind);
  Status check_zone(const YAML::Node& node, const std::string& path, const std::string& zone);
  Status check_references(const YAML::Node& root);

  SourceLocation where(const YAML::Node& node) const { return {source_.file, yaml_line(node)}; }

  YamlSource source_;
  Policy& policy_;
};

Status PolicyReader::read(const YAML::Node& root) {
  if (!root.IsMap() && !root.IsNull()) {
    return make_error(ErrorCode::kInvalidInput, "{}:{}: a policy is a map of sections",
                      source_.file, yaml_line(root));
  }
  if (auto s = check_map(source_, root, "",
                         {"deadlines", "near_breach", "criticality", "timezone", "default_class",
                          "classes", "windows", "blackouts", "rings", "spreading", "packages",
                          "tier_rules", "tier_fallback", "deploy"});
      !s) {
    return s;
  }
  policy_.file = source_.file;
  for (const auto& item : root) {
    const std::string key = item.first.Scalar();
    const YAML::Node& node = item.second;
    Status status = ok();
    if (key == "deadlines") status = read_deadlines(node);
    if (key == "criticality") status = read_criticality(node);
    if (key == "classes") status = read_classes(node);
    if (key == "windows") status = read_windows(node);
    if (key == "blackouts") status = read_blackouts(node);
    if (key == "rings") status = read_rings(node);
    if (key == "spreading") status = read_spreading(node);
    if (key == "packages") status = read_packages(node);
    if (key == "deploy") status = read_deploy(node);
    if (key == "tier_rules") {
      auto rules = read_tier_rules(source_, node, key);
      if (!rules) return rules.error();
      policy_.tier_rules.rules = std::move(*rules);
    }
    if (key == "tier_fallback") status = read_tier_fallback(source_, node, policy_.tier_rules);
    if (key == "near_breach") {
      auto value = read_duration(source_, node, key);
      if (!value) return value.error();
      policy_.near_breach = *value;
    }
    if (key == "timezone" || key == "default_class") {
      auto value = read_scalar(source_, node, key);
      if (!value) return value.error();
      if (key == "timezone") {
        if (auto s = check_zone(node, key, *value); !s) return s;
        policy_.timezone = *value;
      } else {
        policy_.default_class = *value;
      }
    }
    if (!status) return status;
  }
  return check_references(root);
}

Status PolicyReader::check_zone(const YAML::Node& node, const std::string& path,
                                const std::string& zone) {
  if (zone.empty() || zone == "host") return ok();
  if (auto found = Zone::find(zone); !found) {
    return yaml_error(source_, node, path, found.error().message);
  }
  return ok();
}

Status PolicyReader::read_deadlines(const YAML::Node& node) {
  if (auto s = check_map(source_, node, "deadlines", {"critical", "important", "minor"}); !s) {
    return s;
  }
  for (const auto& item : node) {
    const std::string path = child_path("deadlines", item.first.Scalar());
    auto tier = read_tier(source_, item.first, path);
    auto value = read_duration(source_, item.second, path);
    if (!tier) return tier.error();
    if (!value) return value.error();
    policy_.deadlines[static_cast<std::size_t>(*tier)] = *value;
  }
  return ok();
}

Status PolicyReader::read_criticality(const YAML::Node& node) {
  if (auto s = check_map(source_, node, "criticality", {"critical", "high", "normal", "low"}); !s) {
    return s;
  }
  for (const auto& item : node) {
    const std::string path = child_path("criticality", item.first.Scalar());
    auto level = read_choice(source_, item.first, path, kCriticalities);
    auto factor = read_number(source_, item.second, path);
    if (!level) return level.error();
    if (!factor) return factor.error();
    if (*factor <= 0 || *factor > 100) {
      return yaml_error(source_, item.second, path, "a factor is above 0 and at most 100");
    }
    policy_.criticality_factor[*level] = *factor;
  }
  return ok();
}

Status PolicyReader::read_classes(const YAML::Node& node) {
  if (!node.IsMap()) return yaml_error(source_, node, "classes", "expected a map of classes");
  policy_.classes.clear();
  for (const auto& item : node) {
    const std::string name = item.first.Scalar();
    const std::string path = child_path("classes", name);
    const YAML::Node& body = item.second;
    if (auto s = check_map(
            source_, body, path,
            {"criticality", "environment", "roles", "tags", "windows", "reboot", "tier_rules"});
        !s) {
      return s;
    }
    AssetClass asset;
    asset.name = name;
    asset.where = where(item.first);
    if (body["criticality"]) {
      auto v = read_choice(source_, body["criticality"], path + ".criticality", kCriticalities);
      if (!v) return v.error();
      asset.criticality = *v;
    }
    if (body["environment"]) {
      auto v = read_choice(source_, body["environment"], path + ".environment",
                           {std::pair{std::string_view("prod"), Environment::kProd},
                            {"staging", Environment::kStaging},
                            {"test", Environment::kTest},
                            {"dev", Environment::kDev}});
      if (!v) return v.error();
      asset.environment = *v;
    }
    if (body["reboot"]) {
      auto v = read_choice(source_, body["reboot"], path + ".reboot", kReboots);
      if (!v) return v.error();
      asset.reboot = *v;
    }
    if (body["tier_rules"]) {
      auto rules = read_tier_rules(source_, body["tier_rules"], path + ".tier_rules");
      if (!rules) return rules.error();
      asset.tier_rules = std::move(*rules);
    }
    for (auto [key, target] :
         {std::pair{"roles", &asset.roles}, {"tags", &asset.tags}, {"windows", &asset.windows}}) {
      auto v = read_strings(source_, body[key], path + "." + key);
      if (!v) return v.error();
      *target = std::move(*v);
    }
    policy_.classes[name] = std::move(asset);
  }
  return ok();
}

Expected<WindowSpec> PolicyReader::read_window(const YAML::Node& body, const std::string& path,
                                               const std::string& name, bool need_kind) {
  WindowSpec window;
  window.name = name;
  window.where = where(body);
  for (const char* key : {"rrule", "start", "duration"}) {
    if (!body[key]) return yaml_error(source_, body, path, fmt::format("'{}' is missing", key));
  }
  auto rrule = read_scalar(source_, body["rrule"], path + ".rrule");
  if (!rrule) return rrule.error();
  if (auto s = check_rrule(*rrule); !s) {
    return yaml_error(source_, body["rrule"], path + ".rrule", s.error().message);
  }
  window.rrule = *rrule;
  auto start = read_clock_time(source_, body["start"], path + ".start");
  if (!start) return start.error();
  window.start_minute = *start;
  auto duration = read_duration(source_, body["duration"], path + ".duration");
  if (!duration) return duration.error();
  if (duration->count() <= 0) {
    return yaml_error(source_, body["duration"], path + ".duration", "a window lasts above 0");
  }
  window.duration = *duration;
  if (body["anchor"]) {
    auto anchor = read_scalar(source_, body["anchor"], path + ".anchor");
    if (!anchor) return anchor.error();
    if (auto parsed = parse_local(*anchor); !parsed || anchor->size() != 10) {
      return yaml_error(source_, body["anchor"], path + ".anchor",
                        fmt::format("'{}' is not a date YYYY-MM-DD", *anchor));
    }
    window.anchor = *anchor;
  }
  if (body["timezone"]) {
    auto zone = read_scalar(source_, body["timezone"], path + ".timezone");
    if (!zone) return zone.error();
    if (auto s = check_zone(body["timezone"], path + ".timezone", *zone); !s) return s.error();
    window.timezone = *zone == "host" ? "" : *zone;
  }
  if (need_kind && body["kind"]) {
    auto kind = read_choice(source_, body["kind"], path + ".kind",
                            {std::pair{std::string_view("regular"), WindowKind::kRegular},
                             {"monthly", WindowKind::kMonthly},
                             {"emergency", WindowKind::kEmergency}});
    if (!kind) return kind.error();
    window.kind = *kind;
  }
  return window;
}

Status PolicyReader::read_windows(const YAML::Node& node) {
  if (!node.IsMap()) return yaml_error(source_, node, "windows", "expected a map of windows");
  policy_.windows.clear();
  for (const auto& item : node) {
    const std::string name = item.first.Scalar();
    const std::string path = child_path("windows", name);
    if (auto s = check_map(source_, item.second, path,
                           {"rrule", "start", "duration", "timezone", "kind", "anchor"});
        !s) {
      return s;
    }
    auto window = read_window(item.second, path, name, true);
    if (!window) return window.error();
    window->where = where(item.first);
    policy_.windows[name] = std::move(*window);
  }
  return ok();
}

Status PolicyReader::read_blackouts(const YAML::Node& node) {
  if (!node.IsSequence()) return yaml_error(source_, node, "blackouts", "expected a list");
  policy_.blackouts.clear();
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node& body = node[i];
    const std::string path = fmt::format("blackouts[{}]", i);
    if (auto s = check_map(
            source_, body, path,
            {"name", "from", "until", "rrule", "start", "duration", "timezone", "anchor"});
        !s) {
      return s;
    }
    Blackout blackout;
    blackout.where = where(body);
    auto name = body["name"] ? read_scalar(source_, body["name"], path + ".name")
                             : Expected<std::string>(fmt::format("blackout-{}", i + 1));
    if (!name) return name.error();
    blackout.name = *name;
    if (body["rrule"]) {
      if (body["from"] || body["until"]) {
        return yaml_error(source_, body, path, "give either from/until or rrule, not both");
      }
      auto window = read_window(body, path, blackout.name, false);
      if (!window) return window.error();
      blackout.recurrence = std::move(*window);
      blackout.timezone = blackout.recurrence->timezone;
    } else {
      for (auto [key, target] : {std::pair{"from", &blackout.from}, {"until", &blackout.until}}) {
        if (!body[key]) return yaml_error(source_, body, path, fmt::format("'{}' is missing", key));
        auto text = read_scalar(source_, body[key], path + "." + key);
        if (!text) return text.error();
        if (!parse_local(*text) || text->size() != 10) {
          return yaml_error(source_, body[key], path + "." + key,
                            fmt::format("'{}' is not a date YYYY-MM-DD", *text));
        }
        *target = *text;
      }
      if (blackout.until < blackout.from) {
        return yaml_error(source_, body["until"], path + ".until", "ends before it starts");
      }
      if (body["timezone"]) {
        auto zone = read_scalar(source_, body["timezone"], path + ".timezone");
        if (!zone) return zone.error();
        if (auto s = check_zone(body["timezone"], path + ".timezone", *zone); !s) return s;
        blackout.timezone = *zone == "host" ? "" : *zone;
      }
    }
    policy_.blackouts.push_back(std::move(blackout));
  }
  return ok();
}

Status PolicyReader::read_rings(const YAML::Node& node) {
  if (!node.IsSequence()) return yaml_error(source_, node, "rings", "expected a list of rings");
  policy_.rings.clear();
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node& body = node[i];
    const std::string path = fmt::format("rings[{}]", i);
    if (auto s = check_map(source_, body, path, {"name", "tags", "names", "percentage", "soak"});
        !s) {
      return s;
    }
    Ring ring;
    ring.where = where(body);
    if (!body["name"]) return yaml_error(source_, body, path, "a ring needs a name");
    auto name = read_scalar(source_, body["name"], path + ".name");
    if (!name) return name.error();
    for (const auto& other : policy_.rings) {
      if (other.name == *name) {
        return yaml_error(source_, body["name"], path + ".name",
                          fmt::format("ring '{}' is defined twice", *name));
      }
    }
    ring.name = *name;
    auto tags = read_strings(source_, body["tags"], path + ".tags");
    auto names = read_strings(source_, body["names"], path + ".names");
    if (!tags) return tags.error();
    if (!names) return names.error();
    ring.tags = std::move(*tags);
    ring.names = std::move(*names);
    if (body["percentage"]) {
      auto percent = read_int(source_, body["percentage"], path + ".percentage", 1, 100);
      if (!percent) return percent.error();
      ring.percentage = *percent;
    }
    if (body["soak"]) {
      auto soak = read_duration(source_, body["soak"], path + ".soak");
      if (!soak) return soak.error();
      ring.soak = *soak;
    }
    policy_.rings.push_back(std::move(ring));
  }
  return ok();
}

Status PolicyReader::read_spreading(const YAML::Node& node) {
  if (auto s = check_map(source_, node, "spreading", {"portion", "step"}); !s) return s;
  if (node["portion"]) {
    auto v = read_int(source_, node["portion"], "spreading.portion", 0, 100);
    if (!v) return v.error();
    policy_.spreading.portion = *v;
  }
  if (node["step"]) {
    auto v = read_duration(source_, node["step"], "spreading.step");
    if (!v) return v.error();
    if (v->count() <= 0)
      return yaml_error(source_, node["step"], "spreading.step", "must be above 0");
    policy_.spreading.step = *v;
  }
  return ok();
}

Status PolicyReader::read_deploy(const YAML::Node& node) {
  if (auto s =
          check_map(source_, node, "deploy",
                    {"concurrency", "failure_threshold", "checks", "restart", "restart_allowed",
                     "keep_old_conffiles", "repair_interrupted", "lock_timeout", "apply_timeout"});
      !s) {
    return s;
  }
  DeploymentRules& rules = policy_.deploy;
  if (node["concurrency"]) {
    auto v = read_int(source_, node["concurrency"], "deploy.concurrency", 1, 1000);
    if (!v) return v.error();
    rules.concurrency = *v;
  }
  if (const YAML::Node& t = node["failure_threshold"]) {
    auto text = read_scalar(source_, t, "deploy.failure_threshold");
    if (!text) return text.error();
    int value = -1;
    const bool percent = text->ends_with('%');
    const std::string digits = percent ? text->substr(0, text->size() - 1) : *text;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc{} || end != digits.data() + digits.size() || digits.empty() ||
        value < 0 || (percent && value > 100)) {
      return yaml_error(source_, t, "deploy.failure_threshold",
                        fmt::format("'{}' is not a count or a percentage such as 10%", *text));
    }
    if (percent) {
      rules.failure_percent = value;
    } else {
      rules.failure_threshold = value;
      rules.failure_percent.reset();
    }
  }
  if (node["restart"]) {
    static constexpr std::pair<std::string_view, std::string_view> kRestarts[] = {
        {"never", "never"}, {"list", "list"}, {"restart", "restart"}};
    auto v = read_choice(source_, node["restart"], "deploy.restart",
                         std::span<const std::pair<std::string_view, std::string_view>>(kRestarts));
    if (!v) return v.error();
    rules.restart = std::string(*v);
  }
  if (node["restart_allowed"]) {
    auto v = read_strings(source_, node["restart_allowed"], "deploy.restart_allowed");
    if (!v) return v.error();
    rules.restart_allowed = std::move(*v);
  }
  for (auto [key, target] : {std::pair{"keep_old_conffiles", &rules.keep_old_conffiles},
                             {"repair_interrupted", &rules.repair_interrupted}}) {
    if (!node[key]) continue;
    auto v = read_bool(source_, node[key], std::string("deploy.") + key);
    if (!v) return v.error();
    *target = *v;
  }
  for (auto [key, target] :
       {std::pair{"lock_timeout", &rules.lock_timeout}, {"apply_timeout", &rules.apply_timeout}}) {
    if (!node[key]) continue;
    auto v = read_duration(source_, node[key], std::string("deploy.") + key);
    if (!v) return v.error();
    if (v->count() <= 0 || *v > std::chrono::hours(24)) {
      return yaml_error(source_, node[key], std::string("deploy.") + key,
                        "must be above 0 and at most 1d");
    }
    *target = *v;
  }
  if (const YAML::Node& list = node["checks"]) {
    if (!list.IsSequence()) {
      return yaml_error(source_, list, "deploy.checks", "expected a list of checks");
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto check = read_check(list[i], fmt::format("deploy.checks[{}]", i));
      if (!check) return check.error();
      rules.checks.push_back(std::move(*check));
    }
  }
  return ok();
}

Expected<DeploymentCheck> PolicyReader::read_check(const YAML::Node& node,
                                                   const std::string& path) {
  if (auto s = check_map(source_, node, path,
                         {"name", "command", "expected_exit", "tcp", "http", "timeout"});
      !s) {
    return s.error();
  }
  DeploymentCheck check;
  if (!node["name"]) return yaml_error(source_, node, path, "a check needs a 'name'");
  auto name = read_scalar(source_, node["name"], path + ".name");
  if (!name) return name.error();
  check.name = *name;
  const int kinds = int(bool(node["command"])) + int(bool(node["tcp"])) + int(bool(node["http"]));
  if (kinds != 1) {
    return yaml_error(source_, node, path, "needs exactly one of 'command', 'tcp', 'http'");
  }
  if (node["command"]) {
    auto argv = read_strings(source_, node["command"], path + ".command");
    if (!argv) return argv.error();
    if (argv->empty() || argv->front().empty()) {
      return yaml_error(source_, node["command"], path + ".command", "must name a program");
    }
    check.command = std::move(*argv);
  }
  if (node["expected_exit"]) {
    auto v = read_int(source_, node["expected_exit"], path + ".expected_exit", 0, 255);
    if (!v) return v.error();
    check.expected_exit = *v;
  }
  if (node["tcp"]) {
    auto v = read_scalar(source_, node["tcp"], path + ".tcp");
    if (!v) return v.error();
    const auto colon = v->rfind(':');
    int port = 0;
    if (colon == std::string::npos || colon == 0 ||
        std::from_chars(v->data() + colon + 1, v->data() + v->size(), port).ec != std::errc{} ||
        port < 1 || port > 65535) {
      return yaml_error(source_, node["tcp"], path + ".tcp",
                        fmt::format("'{}' is not HOST:PORT", *v));
    }
    check.tcp = *v;
  }
  if (node["http"]) {
    auto v = read_scalar(source_, node["http"], path + ".http");
    if (!v) return v.error();
    if (!v->starts_with("http://") && !v->starts_with("https://")) {
      return yaml_error(source_, node["http"], path + ".http",
                        "must be an http:// or https:// URL");
    }
    std::string_view authority = std::string_view(*v).substr(v->find("//") + 2);
    if (authority.empty() || authority.front() == '/' || authority.front() == ':') {
      return yaml_error(source_, node["http"], path + ".http", "URL has no host");
    }
    check.http = *v;
  }
  if (node["timeout"]) {
    auto v = read_duration(source_, node["timeout"], path + ".timeout");
    if (!v) return v.error();
    if (v->count() <= 0 || *v > std::chrono::hours(1)) {
      return yaml_error(source_, node["timeout"], path + ".timeout",
                        "must be above 0 and at most 1h");
    }
    check.timeout = *v;
  }
  return check;
}

Status PolicyReader::read_packages(const YAML::Node& node) {
  if (auto s = check_map(
          source_, node, "packages",
          {"exclude", "hold", "release", "require_approval", "reboot_required", "reboot"});
      !s) {
    return s;
  }
  PackageRules& rules = policy_.packages;
  for (auto [key, target] : {std::pair{"exclude", &rules.exclude},
                             {"hold", &rules.hold},
                             {"release", &rules.release},
                             {"require_approval", &rules.require_approval},
                             {"reboot_required", &rules.reboot_required}}) {
    if (!node[key]) continue;
    auto v = read_strings(source_, node[key], std::string("packages.") + key);
    if (!v) return v.error();
    *target = std::move(*v);
  }
  if (node["reboot"]) {
    auto v = read_choice(source_, node["reboot"], "packages.reboot", kReboots);
    if (!v) return v.error();
    rules.reboot = *v;
  }
  if (auto clash = find_hold_conflict(rules.hold, rules.release)) {
    return yaml_error(source_, node["release"] ? node["release"] : node, "packages.release",
                      fmt::format("'{}' releases everything 'packages.hold' entry '{}' holds: "
                                  "contradictory holds",
                                  clash->second, clash->first));
  }
  return ok();
}

Status PolicyReader::check_references(const YAML::Node& root) {
  const YAML::Node at = root["default_class"] ? root["default_class"] : root;
  if (!policy_.classes.contains(policy_.default_class)) {
    return yaml_error(source_, at, "default_class",
                      fmt::format("class '{}' is not defined", policy_.default_class));
  }
  for (const auto& [name, asset] : policy_.classes) {
    for (const auto& window : asset.windows) {
      if (!policy_.windows.contains(window)) {
        return make_error(ErrorCode::kInvalidInput,
                          "{}:{}: key 'classes.{}.windows': window '{}' is not defined",
                          asset.where.file, asset.where.line, name, window);
      }
    }
  }
  return ok();
}

}  // namespace

Expected<Policy> parse_policy(const std::string& text, std::string_view file) {
  Policy policy = file == "<default>" ? Policy{} : default_policy();
  auto root = parse_yaml(YamlSource{std::string(file)}, text);
  if (!root) return root.error();
  try {
    PolicyReader reader(file, policy);
    if (auto s = reader.read(*root); !s) return s.error();
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::kInvalidInput, "{}:{}: {}", file, e.mark.line + 1, e.msg);
  }
  return policy;
}

const Policy& default_policy() {
  static const Policy policy = [] {
    auto parsed = parse_policy(std::string(default_policy_text()), "<default>");
    assert(parsed.has_value());
    return std::move(*parsed);
  }();
  return policy;
}

Expected<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::kNotFound, "cannot read '{}': {}", path, std::strerror(errno));
  }
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return make_error(ErrorCode::kIo, "cannot read '{}'", path);
  return out.str();
}

Expected<Policy> load_policy_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  return parse_policy(*text, path);
}

}  // namespace patchplan::plan
