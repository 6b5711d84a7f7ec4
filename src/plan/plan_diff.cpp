// plan_diff: per host and package, what moved between two plans.
#include <iterator>
#include <map>
#include <set>

#include "plan/plan_output.hpp"

namespace patchplan::plan {
namespace {

struct Placement {
  std::string version;
  std::string where;  // "wave window start slot"
};

std::map<std::pair<std::string, std::string>, Placement> placements(const Plan& plan) {
  std::map<std::pair<std::string, std::string>, Placement> out;
  for (const auto& wave : plan.waves) {
    for (const auto& host : wave.hosts) {
      for (const auto& u : host.updates) {
        out[{host.host, u.package + ":" + u.architecture}] = {
            u.candidate_version,
            fmt::format("{} window {} at {}", wave.ring, wave.window, format_instant(host.slot))};
      }
    }
  }
  return out;
}

std::set<std::string> emergencies(const Plan& plan) {
  std::set<std::string> out;
  for (const auto& e : plan.emergencies) {
    out.insert(fmt::format("{} {} {}", e.host, e.package, e.vulnerability));
  }
  return out;
}

}  // namespace

std::string plan_diff(const Plan& before, const Plan& after) {
  std::string out;
  auto o = std::back_inserter(out);
  auto a = placements(before);
  auto b = placements(after);
  for (const auto& [key, was] : a) {
    auto it = b.find(key);
    if (it == b.end()) {
      fmt::format_to(o, "- {} {} {} ({})\n", key.first, key.second, was.version, was.where);
    } else if (it->second.version != was.version || it->second.where != was.where) {
      fmt::format_to(o, "~ {} {} {} ({}) -> {} ({})\n", key.first, key.second, was.version,
                     was.where, it->second.version, it->second.where);
    }
  }
  for (const auto& [key, now] : b) {
    if (!a.contains(key)) {
      fmt::format_to(o, "+ {} {} {} ({})\n", key.first, key.second, now.version, now.where);
    }
  }
  auto ea = emergencies(before);
  auto eb = emergencies(after);
  for (const auto& e : ea) {
    if (!eb.contains(e)) fmt::format_to(o, "- emergency {}\n", e);
  }
  for (const auto& e : eb) {
    if (!ea.contains(e)) fmt::format_to(o, "+ emergency {}\n", e);
  }
  return out;
}

}  // namespace patchplan::plan
