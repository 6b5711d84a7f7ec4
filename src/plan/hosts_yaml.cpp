// The hosts file reader and its cross-checks with the policy.
#include <algorithm>

#include "plan/glob.hpp"
#include "plan/hosts.hpp"
#include "plan/policy_loader.hpp"
#include "plan/yaml_fields.hpp"
#include "plan/zone.hpp"

namespace patchplan::plan {
namespace {

Status read_overrides(const YamlSource& source, const YAML::Node& node, const std::string& path,
                      HostOverrides& out) {
  if (auto s = check_map(
          source, node, path,
          {"exclude", "hold", "release", "require_approval", "windows", "criticality", "reboot"});
      !s) {
    return s;
  }
  for (auto [key, target] : {std::pair{"exclude", &out.exclude},
                             {"hold", &out.hold},
                             {"release", &out.release},
                             {"require_approval", &out.require_approval}}) {
    auto v = read_strings(source, node[key], path + "." + key);
    if (!v) return v.error();
    *target = std::move(*v);
  }
  if (node["windows"]) {
    auto v = read_strings(source, node["windows"], path + ".windows");
    if (!v) return v.error();
    out.windows = std::move(*v);
  }
  if (node["criticality"]) {
    auto v = read_choice(source, node["criticality"], path + ".criticality",
                         {std::pair{std::string_view("critical"), Criticality::kCritical},
                          {"high", Criticality::kHigh},
                          {"normal", Criticality::kNormal},
                          {"low", Criticality::kLow}});
    if (!v) return v.error();
    out.criticality = *v;
  }
  if (node["reboot"]) {
    auto v = read_choice(source, node["reboot"], path + ".reboot",
                         {std::pair{std::string_view("allowed"), RebootPolicy::kAllowed},
                          {"if-required", RebootPolicy::kIfRequired},
                          {"never", RebootPolicy::kNever}});
    if (!v) return v.error();
    out.reboot = *v;
  }
  if (auto clash = find_hold_conflict(out.hold, out.release)) {
    return yaml_error(source, node["release"], path + ".release",
                      fmt::format("'{}' releases everything '{}.hold' entry '{}' holds: "
                                  "contradictory holds",
                                  clash->second, path, clash->first));
  }
  return ok();
}

Expected<HostEntry> read_host(const YamlSource& source, const YAML::Node& node,
                              const std::string& path) {
  if (auto s = check_map(source, node, path,
                         {"name", "address", "class", "tags", "timezone", "ring", "overrides"});
      !s) {
    return s.error();
  }
  if (!node["name"]) return yaml_error(source, node, path, "a host needs a name");
  HostEntry host;
  host.where = {source.file, yaml_line(node)};
  for (auto [key, target] : {std::pair{"name", &host.name},
                             {"address", &host.address},
                             {"class", &host.asset_class},
                             {"timezone", &host.timezone},
                             {"ring", &host.ring}}) {
    if (!node[key]) continue;
    auto v = read_scalar(source, node[key], path + "." + key);
    if (!v) return v.error();
    *target = std::move(*v);
  }
  if (!host.timezone.empty()) {
    if (auto zone = Zone::find(host.timezone); !zone) {
      return yaml_error(source, node["timezone"], path + ".timezone", zone.error().message);
    }
  }
  auto tags = read_strings(source, node["tags"], path + ".tags");
  if (!tags) return tags.error();
  host.tags = std::move(*tags);
  if (node["overrides"]) {
    if (auto s = read_overrides(source, node["overrides"], path + ".overrides", host.overrides);
        !s) {
      return s.error();
    }
  }
  return host;
}

Error at(const SourceLocation& where, std::string_view key, std::string_view message) {
  return make_error(ErrorCode::kInvalidInput, "{}:{}: key '{}': {}", where.file, where.line, key,
                    message);
}

}  // namespace

const HostEntry* HostsFile::find(std::string_view name) const {
  if (indexed_ > hosts.size()) {
    index_.clear();
    indexed_ = 0;
  }
  for (; indexed_ < hosts.size(); ++indexed_) index_.emplace(hosts[indexed_].name, indexed_);
  auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &hosts[it->second];
}

Expected<HostsFile> parse_hosts(const std::string& text, std::string_view file) {
  YamlSource source{std::string(file)};
  auto root = parse_yaml(source, text);
  if (!root) return root.error();
  try {
    if (auto s = check_map(source, *root, "", {"hosts"}); !s) return s.error();
    HostsFile out;
    out.file = source.file;
    const YAML::Node list = (*root)["hosts"];
    if (!list) return out;
    if (!list.IsSequence()) return yaml_error(source, list, "hosts", "expected a list of hosts");
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto host = read_host(source, list[i], fmt::format("hosts[{}]", i));
      if (!host) return host.error();
      if (out.find(host->name) != nullptr) {
        return yaml_error(source, list[i]["name"], fmt::format("hosts[{}].name", i),
                          fmt::format("host '{}' is listed twice", host->name));
      }
      out.hosts.push_back(std::move(*host));
    }
    return out;
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::kInvalidInput, "{}:{}: {}", file, e.mark.line + 1, e.msg);
  }
}

Expected<HostsFile> load_hosts_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  return parse_hosts(*text, path);
}

Status check_hosts_against_policy(const HostsFile& hosts, const Policy& policy) {
  for (const auto& host : hosts.hosts) {
    if (!host.asset_class.empty() && !policy.classes.contains(host.asset_class)) {
      return at(host.where, "class",
                fmt::format("host '{}' names class '{}', which '{}' does not define", host.name,
                            host.asset_class, policy.file));
    }
    if (!host.ring.empty() && std::none_of(policy.rings.begin(), policy.rings.end(),
                                           [&](const Ring& r) { return r.name == host.ring; })) {
      return at(host.where, "ring",
                fmt::format("host '{}' names ring '{}', which '{}' does not define", host.name,
                            host.ring, policy.file));
    }
    for (const auto& window : host.overrides.windows.value_or(std::vector<std::string>{})) {
      if (!policy.windows.contains(window)) {
        return at(host.where, "overrides.windows",
                  fmt::format("window '{}' is not defined in '{}'", window, policy.file));
      }
    }
  }
  // The built-in policy's rings are a starting point (a canary ring by tag): one that no
  // host joins yet is left empty. A ring written in a policy file must reference a host.
  if (policy.file == "<default>") return ok();
  for (std::size_t i = 0; i < policy.rings.size(); ++i) {
    const Ring& ring = policy.rings[i];
    if (ring.tags.empty() && ring.names.empty()) continue;
    bool selects = std::any_of(hosts.hosts.begin(), hosts.hosts.end(), [&](const HostEntry& h) {
      if (h.ring == ring.name) return true;
      // A host's tags are its own and its class's, as the planner reads them (ring_of).
      auto asset =
          policy.classes.find(h.asset_class.empty() ? policy.default_class : h.asset_class);
      auto has_tag = [&](const std::string& tag) {
        return std::find(h.tags.begin(), h.tags.end(), tag) != h.tags.end() ||
               (asset != policy.classes.end() &&
                std::find(asset->second.tags.begin(), asset->second.tags.end(), tag) !=
                    asset->second.tags.end());
      };
      return std::any_of(ring.tags.begin(), ring.tags.end(), has_tag) ||
             first_match(ring.names, h.name) != nullptr;
    });
    if (!selects) {
      return at(ring.where, fmt::format("rings[{}]", i),
                fmt::format("ring '{}' references no host of '{}'", ring.name, hosts.file));
    }
  }
  return ok();
}

}  // namespace patchplan::plan
