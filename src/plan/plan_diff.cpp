// plan_diff: per host and package, what moved between two plan documents.
#include <iterator>
#include <map>
#include <set>

#include "plan/plan_output.hpp"

namespace patchplan::plan {
namespace {

using nlohmann::json;

struct Placement {
  std::string version;
  std::string where;  // "wave window start slot"
};

std::string s(const json& value, const char* key) {
  auto it = value.find(key);
  return it != value.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::map<std::pair<std::string, std::string>, Placement> placements(const json& plan) {
  std::map<std::pair<std::string, std::string>, Placement> out;
  for (const auto& wave : plan.at("waves")) {
    for (const auto& host : wave.at("hosts")) {
      for (const auto& u : host.at("updates")) {
        out[{s(host, "host"), s(u, "package") + ":" + s(u, "architecture")}] = {
            s(u, "candidate_version"),
            fmt::format("{} window {} at {}", s(wave, "ring"), s(wave, "window"), s(host, "slot"))};
      }
    }
  }
  return out;
}

std::set<std::string> emergencies(const json& plan) {
  std::set<std::string> out;
  for (const auto& e : plan.at("emergencies")) {
    out.insert(fmt::format("{} {} {}", s(e, "host"), s(e, "package"), s(e, "vulnerability")));
  }
  return out;
}

}  // namespace

std::string plan_diff(const json& before, const json& after) {
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
