// Reading the stored plan (plan_from_json), checking its approval and that it is the
// latest version of its period, and building the per-host pins and windows.
#include "deploy/plan_change.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "plan/plan_json.hpp"
#include "store/plan_records.hpp"

namespace patchplan::deploy {
namespace {

// The highest version stored for `period`.
Expected<std::int64_t> latest_version(store::Store& store, const std::string& period) {
  auto statement = store.database().prepare("SELECT MAX(version) FROM plans WHERE period = ?");
  if (!statement) return statement.error();
  if (auto s = statement->bind(period); !s) return s.error();
  auto row = statement->step();
  if (!row) return row.error();
  return *row ? statement->column_int(0) : 0;
}

// The plan's reboot decision for a host: its class's policy "never" forbids one; "allowed"
// and "if-required" let a host reboot in its window when the change needs it.
bool reboot_allowed(const plan::WaveHost& host) {
  return host.reboot.find("policy: never") == std::string::npos;
}

store::Timestamp to_timestamp(plan::Instant instant) {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(instant);
}

}  // namespace

DeployPolicy deploy_policy_of(const plan::DeploymentRules& rules) {
  DeployPolicy policy;
  policy.concurrency = rules.concurrency;
  policy.failure_threshold.absolute = rules.failure_threshold;
  policy.failure_threshold.percent = rules.failure_percent;
  policy.restart = rules.restart == "restart" ? RestartPolicy::kRestart
                   : rules.restart == "never" ? RestartPolicy::kNever
                                              : RestartPolicy::kList;
  policy.restart_allowed = rules.restart_allowed;
  policy.keep_old_conffiles = rules.keep_old_conffiles;
  policy.repair_interrupted = rules.repair_interrupted;
  policy.lock_timeout = rules.lock_timeout;
  policy.apply_timeout = rules.apply_timeout;
  for (const auto& c : rules.checks) {
    HealthCheck check;
    check.name = c.name;
    check.timeout = c.timeout;
    if (!c.command.empty()) {
      check.kind = HealthCheck::Kind::kCommand;
      check.argv = c.command;
      check.expected_exit = c.expected_exit;
    } else if (!c.tcp.empty()) {
      check.kind = HealthCheck::Kind::kTcp;
      const auto colon = c.tcp.rfind(':');
      check.host = c.tcp.substr(0, colon);
      check.port = std::stoi(c.tcp.substr(colon + 1));  // checked by the policy reader
    } else {
      check.kind = HealthCheck::Kind::kHttp;
      check.url = c.http;
    }
    policy.checks.push_back(std::move(check));
  }
  return policy;
}

Expected<ChangeRequest> change_from_plan(store::Store& store, const PlanSelection& selection,
                                         const plan::HostsFile& hosts) {
  store::PlanRecords records(store.database(), store.journal(), store::Actor{}, store::system_now);
  auto stored = records.find(selection.plan_id);
  if (!stored) return stored.error();
  const std::string name =
      fmt::format("plan {} ({} v{})", stored->id, stored->period, stored->version);
  if (stored->approvals.empty()) {
    return make_error(ErrorCode::kConflict,
                      "{} is not approved: approve it first with 'patchplan plan approve {}'", name,
                      stored->id);
  }
  auto latest = latest_version(store, stored->period);
  if (!latest) return latest.error();
  if (*latest != stored->version) {
    return make_error(ErrorCode::kConflict,
                      "{} is not the latest plan of {}: version {} is newer; approve and deploy "
                      "that one",
                      name, stored->period, *latest);
  }
  auto document = nlohmann::json::parse(stored->document, nullptr, false);
  if (document.is_discarded()) {
    return make_error(ErrorCode::kInvalidInput, "stored {} is not valid JSON", name);
  }
  auto parsed = plan::plan_from_json(document);
  if (!parsed) return parsed.error();

  ChangeRequest request;
  request.change_id = fmt::format("plan-{}-v{}", stored->id, stored->version);
  if (selection.ring) request.change_id += "-" + *selection.ring;
  request.reason = selection.reason.empty() ? "carries out " + name : selection.reason;
  request.policy = selection.policy;
  request.plan = PlanReference{stored->id, stored->period, stored->version, stored->digest};
  for (const auto& wave : parsed->waves) {
    if (selection.ring && wave.ring != *selection.ring) continue;
    for (const auto& wave_host : wave.hosts) {
      if (wave_host.updates.empty()) continue;
      const plan::HostEntry* entry = hosts.find(wave_host.host);
      if (entry == nullptr || entry->address.empty()) {
        return make_error(ErrorCode::kNotFound, "host '{}' of {} has no address in '{}'",
                          wave_host.host, name, hosts.file);
      }
      auto same = std::find_if(request.hosts.begin(), request.hosts.end(),
                               [&](const HostTarget& h) { return h.name == wave_host.host; });
      if (same == request.hosts.end()) {
        request.hosts.push_back({wave_host.host,
                                 entry->address,
                                 static_cast<int>(wave.ring_order),
                                 {},
                                 to_timestamp(wave.start),
                                 to_timestamp(wave.end),
                                 reboot_allowed(wave_host)});
        same = std::prev(request.hosts.end());
      } else {
        // A host in two waves of the selection starts in the earlier one with every pin.
        same->ring = std::min(same->ring, static_cast<int>(wave.ring_order));
        same->window_start = std::min(*same->window_start, to_timestamp(wave.start));
        same->window_end = std::min(*same->window_end, to_timestamp(wave.end));
        same->reboot_allowed = *same->reboot_allowed && reboot_allowed(wave_host);
      }
      for (const auto& update : wave_host.updates) {
        same->packages.push_back({update.package, update.architecture, update.candidate_version});
      }
    }
  }
  if (request.hosts.empty()) {
    return make_error(ErrorCode::kNotFound, "{} has no wave{} with updates to deploy", name,
                      selection.ring ? fmt::format(" in ring '{}'", *selection.ring) : "");
  }
  return request;
}

}  // namespace patchplan::deploy
