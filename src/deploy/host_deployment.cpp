// The per-host state machine: lock, pre-checks, checkpoint, download, install, health
// gates, rollback and verification, each step journaled write-ahead.
#include "deploy/host_deployment.hpp"

#include <fmt/ranges.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "deploy/deb_conffiles.hpp"
#include "deploy/package_commands.hpp"
#include "deploy/service_restarts.hpp"
#include "deploy/transports.hpp"
#include "store/transaction.hpp"

namespace patchplan::deploy {
namespace {

using nlohmann::json;

// Output kept in a journal entry: the head and the tail of this many bytes.
constexpr std::size_t kJournalOutput = 16u << 10;

std::string journal_output(const std::string& output) {
  if (output.size() <= kJournalOutput) return output;
  return output.substr(0, kJournalOutput / 2) + "\n[...]\n" +
         output.substr(output.size() - kJournalOutput / 2);
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += (out.empty() ? "" : "; ") + line;
  return out;
}

// Why a reboot would be needed, from the flag file and the packages the checkpoint names as
// touched (Debian's reboot-required hooks, and what needrestart's kernel check and u-u look
// at).
std::string reboot_reason(const Checkpoint& checkpoint, Transport& transport) {
  std::vector<std::string> reasons;
  if (transport.exists("/run/reboot-required")) reasons.emplace_back("/run/reboot-required");
  for (const auto& entry : checkpoint.entries) {
    const std::string& name = entry.name;
    if (name.starts_with("linux-image-")) reasons.push_back("new kernel " + name);
    if (name == "libc6" || name.starts_with("libc6:")) reasons.emplace_back("libc");
    if (name == "systemd" || name.starts_with("systemd:")) reasons.emplace_back("systemd");
  }
  return joined(reasons);
}

// How often a rebooting target is asked for its boot.
constexpr auto kRebootPoll = std::chrono::milliseconds(250);

// How long a failed reboot command is given to turn out a reboot under way after all.
constexpr auto kRebootFailureGrace = std::chrono::seconds(10);

}  // namespace

HostDeployment::HostDeployment(store::Store& store, const ChangeRequest& request,
                               store::DeployHostRecord record, const DeploySettings& settings)
    : store_(&store), host_request_(request), record_(std::move(record)), settings_(settings) {
  if (!settings_.clock) settings_.clock = store::system_now;
  host_request_.packages = request.packages_of(record_.host);
}

HostDeployment::~HostDeployment() {
  // An error return left a step's end entry unwritten: write it, as far as the store lets.
  if (pending_end_) [[maybe_unused]]
    auto flushed = flush();
}

Status HostDeployment::begin(std::string_view step, json details) {
  // A resume keeps the interrupted step as the host's step until it has decided what to
  // do: a crash while it waits for the lock must not leave "lock" (a step before any
  // change) in place of "reboot" or "rollback".
  if (!keep_step_) record_.step = std::string(step);
  record_.state = "running";
  std::string reason =
      settings_.override_reason.empty() ? request_->reason : "now: " + settings_.override_reason;
  return journal(fmt::format("deploy.{}.begin", step), reason, std::move(details));
}

Status HostDeployment::end(std::string_view step, json details) {
  // The end of a step is written with the next write of the host (the next step's begin),
  // in one transaction: one commit, and so one fsync, fewer per step. A crash in between
  // loses only the end entry of a step whose effect resume reads from the host itself.
  if (pending_end_) {
    if (auto s = flush(); !s) return s;
  }
  details["change"] = request_->change_id;
  add_plan(details);
  pending_end_ = PendingEntry{fmt::format("deploy.{}.end", step), request_->reason, details.dump()};
  return ok();
}

void HostDeployment::add_plan(nlohmann::json& details) const {
  if (!request_->plan) return;
  details["plan"] = {{"id", request_->plan->id},
                     {"period", request_->plan->period},
                     {"version", request_->plan->version},
                     {"digest", request_->plan->digest}};
}

Status HostDeployment::flush() { return journal("", "", json::object()); }

Status HostDeployment::journal(std::string action, std::string reason, json details,
                               bool release_host) {
  auto transaction = store::Transaction::begin(store_->database());
  if (!transaction) return transaction.error();
  store::DeployRecords records(store_->database());
  if (auto s = records.update_host(record_); !s) return s;
  // The host's lock goes with its final state, in one commit: a crash between the two
  // would leave a lock that no resume releases (a finished host is not resumed).
  if (release_host) {
    if (auto s = records.unlock_host(record_.host, request_->change_id); !s) return s;
  }
  std::vector<PendingEntry> entries;
  if (pending_end_) entries.push_back(std::move(*pending_end_));
  if (!action.empty()) {
    details["change"] = request_->change_id;
    add_plan(details);
    entries.push_back({std::move(action), std::move(reason), details.dump()});
  }
  for (auto& entry : entries) {
    store::JournalChange change;
    change.actor = settings_.actor;
    change.host = record_.host;
    change.action = std::move(entry.action);
    change.reason = std::move(entry.reason);
    change.details = std::move(entry.details);
    if (auto appended = store_->journal().append(change); !appended) return appended.error();
  }
  if (auto s = transaction->commit(); !s) return s;
  pending_end_.reset();
  return ok();
}

Status HostDeployment::finish(std::string state, std::string outcome) {
  record_.state = std::move(state);
  record_.outcome = std::move(outcome);
  if (auto s = end("host", {{"state", record_.state}, {"outcome", record_.outcome}}); !s) return s;
  if (auto s = journal("", "", json::object(), true); !s) return s;
  package_lock_.reset();
  return ok();
}

Status HostDeployment::open_target() {
  store::DeployRecords records(store_->database());
  if (auto s = records.lock_host(record_.host, request_->change_id, ::getpid(), settings_.clock());
      !s) {
    return s;
  }
  const HostTarget* target = nullptr;
  for (const auto& host : request_->hosts) {
    if (host.name == record_.host) target = &host;
  }
  if (target == nullptr) {
    return make_error(ErrorCode::kInternal, "host '{}' is not in change '{}'", record_.host,
                      request_->change_id);
  }
  auto transport = open_transport(target->target, settings_.state_dir + "/targets/" + record_.host);
  if (!transport) return transport.error();
  transport_ = std::move(*transport);
  if (auto s = begin("lock", {{"target", target->target}}); !s) return s;
  auto lock = transport_->lock_package_system(request_->policy.lock_timeout);
  if (!lock) {
    if (auto s = end("lock", {{"error", lock.error().message}}); !s) return s;
    return lock.error();
  }
  package_lock_.emplace(std::move(*lock));
  return end("lock", {{"admin_dir", package_lock_->admin_dir()}});
}

Expected<CommandResult> HostDeployment::run_journaled(std::string_view step,
                                                      const Command& command) {
  if (auto s = begin(step, {{"command", command_line(transport_->adapt(command))}}); !s) {
    return s.error();
  }
  Command held = command;
  if (command.tool == Tool::kApt && package_lock_) {
    held.inherited_fds.push_back(package_lock_->frontend_fd());
  }
  auto result = transport_->run(held);
  if (!result) {
    if (auto s = end(step, {{"error", result.error().message}}); !s) return s.error();
    return result.error();
  }
  json details = {{"exit_code", result->exit_code},
                  {"timed_out", result->timed_out},
                  {"elapsed_ms", result->elapsed.count()},
                  {"output", journal_output(result->output)}};
  if (auto s = end(step, std::move(details)); !s) return s.error();
  return result;
}

Expected<store::DeployHostRecord> HostDeployment::run() {
  if (auto s = open_target(); !s) {
    if (s.error().code == ErrorCode::kConflict && !transport_) return s.error();
    if (auto f = finish("refused", s.error().message); !f) return f.error();
    return record_;
  }

  if (auto s = begin("precheck", json::object()); !s) return s.error();
  auto report = run_prechecks(*transport_, *request_);
  if (!report) return report.error();
  json precheck = {{"blockers", report->blockers},
                   {"repaired", report->repaired},
                   {"held", report->held},
                   {"conffiles", report->conffiles},
                   {"new_dependencies", report->new_dependencies},
                   {"resolver", report->resolver},
                   {"already_planned", report->already_planned},
                   {"download_bytes", report->sizes.download},
                   {"unpack_bytes", report->sizes.installed},
                   {"reboot_required_before", report->reboot_required},
                   {"failed_units", report->failed_units}};
  if (auto s = end("precheck", precheck); !s) return s.error();
  native_ = report->native_architecture;
  if (!report->passed()) {
    if (auto s = finish("refused", joined(report->blockers)); !s) return s.error();
    return record_;
  }
  if (report->install_words.empty()) {
    if (auto s = finish("succeeded", "already at the planned versions"); !s) return s.error();
    return record_;
  }

  if (auto s = begin("checkpoint", json::object()); !s) return s.error();
  auto checkpoint = take_checkpoint(*transport_, *report, settings_.state_dir + "/pool");
  if (!checkpoint) {
    if (auto s = end("checkpoint", {{"error", checkpoint.error().message}}); !s) return s.error();
    if (auto s = finish("refused", checkpoint.error().message); !s) return s.error();
    return record_;
  }
  record_.checkpoint = checkpoint_json(*checkpoint);
  if (auto s = end("checkpoint", json::parse(record_.checkpoint)); !s) return s.error();

  auto download =
      run_journaled("download", download_command(report->install_words, request_->policy));
  if (!download) return download.error();
  if (!download->succeeded()) {
    std::string why = fmt::format("download failed with exit code {}", download->exit_code);
    if (auto s = finish("failed", why + " (host unchanged)"); !s) return s.error();
    return record_;
  }
  if (auto s = begin("conffiles", json::object()); !s) return s.error();
  auto conffiles = conffile_changes(*transport_, *report, request_->policy.keep_old_conffiles);
  if (!conffiles) {
    if (auto s = end("conffiles", {{"error", conffiles.error().message}}); !s) return s.error();
    if (auto s = finish("failed", conffiles.error().message + " (host unchanged)"); !s) {
      return s.error();
    }
    return record_;
  }
  if (auto s = end("conffiles", {{"conffiles", *conffiles}}); !s) return s.error();
  auto install =
      run_journaled(kInstallStep, install_command(report->install_words, request_->policy));
  if (!install) return install.error();
  std::string note = conffiles->empty() ? "" : "; conffiles: " + joined(*conffiles);
  if (!report->new_dependencies.empty()) {
    note += "; brought along by apt: " + joined(report->new_dependencies);
  }
  return gate_or_roll_back(report->failed_units, note, true);
}

Expected<store::DeployHostRecord> HostDeployment::gate_or_roll_back(int failed_units_before,
                                                                    const std::string& note,
                                                                    bool may_reboot,
                                                                    const std::string& settled) {
  if (auto s = begin("health", json::object()); !s) return s.error();
  if (native_.empty()) {  // a resumed host: the pre-checks that read it did not run
    auto native = native_architecture(*transport_);
    if (!native) return native.error();
    native_ = *native;
  }
  auto health = run_health_gates(*transport_, *request_, native_, failed_units_before);
  if (!health) return health.error();
  json mappings = json::array();
  for (const auto& m : health->deleted_mappings) {
    mappings.push_back({{"pid", m.pid}, {"command", m.command}, {"path", m.path}});
  }
  if (auto s = end("health", {{"failures", health->failures},
                              {"passed", health->passed},
                              {"deleted_mappings", mappings},
                              {"failed_units", health->failed_units}});
      !s) {
    return s.error();
  }
  if (!health->healthy()) {
    auto rolled = roll_back_and_verify(joined(health->failures));
    if (!rolled) return rolled.error();
    return record_;
  }
  std::string outcome = settled.empty() ? "at the planned versions, healthy" : settled;
  if (!settled.empty()) {
    // The outcome of the gates before a reboot stands; the reboot is added to it.
  } else if (!health->deleted_mappings.empty() &&
             request_->policy.restart != RestartPolicy::kRestart) {
    outcome += fmt::format("; {} processes map deleted files (not restarted)",
                           health->deleted_mappings.size());
  } else if (!health->deleted_mappings.empty()) {
    auto restarts = restart_services(health->deleted_mappings);
    if (!restarts) return restarts.error();
    outcome += "; services mapping deleted files: " + *restarts;
  }
  outcome += note;
  if (may_reboot) {
    auto checkpoint = parse_checkpoint(record_.checkpoint);
    if (!checkpoint) return checkpoint.error();
    std::string reason = reboot_reason(*checkpoint, *transport_);
    if (!reason.empty()) return reboot(reason, outcome);
  }
  if (auto s = finish("succeeded", outcome); !s) return s.error();
  return record_;
}

std::string HostDeployment::reboot_refusal() const {
  const HostTarget* target = nullptr;
  for (const auto& host : request_->hosts) {
    if (host.name == record_.host) target = &host;
  }
  bool allowed = target != nullptr && target->reboot_allowed ? *target->reboot_allowed
                                                             : request_->policy.reboot_allowed;
  if (!allowed) return "the policy does not allow reboots";
  const store::Timestamp now = settings_.clock();
  for (const auto& end : {request_->window_end, target ? target->window_end : std::nullopt}) {
    if (end && now >= *end) {
      return fmt::format("the window closed at {}", store::format_timestamp(*end));
    }
  }
  return "";
}

Expected<store::DeployHostRecord> HostDeployment::reboot(const std::string& reason,
                                                         const std::string& outcome) {
  std::string refusal = reboot_refusal();
  auto before = refusal.empty() ? transport_->boot_identity() : Expected<std::string>("");
  if (!before) refusal = before.error().message;
  if (!refusal.empty()) {
    auto s = finish("succeeded",
                    fmt::format("{}; patched, reboot pending: {} ({})", outcome, reason, refusal));
    if (!s) return s.error();
    return record_;
  }
  // Write-ahead: the boot the host is in, so that a resume after the reboot (the local host
  // takes patchplan down with it) sees that it happened.
  record_.boot_before = *before;
  record_.outcome = outcome;
  if (auto s = begin("reboot", {{"reason", reason}, {"boot", *before}}); !s) return s.error();
  auto asked = transport_->request_reboot(std::chrono::seconds(60));
  // A command that fails because the target is already going down (a reboot asked before a
  // crash, whose shutdown kills it) is no failure: the boot changes or goes away soon.
  if ((!asked || !asked->succeeded()) && boot_changes_within(kRebootFailureGrace)) {
    return await_reboot(reason);
  }
  if (!asked || !asked->succeeded()) {
    std::string why = asked ? fmt::format("the reboot command failed with exit code {}: {}",
                                          asked->exit_code, journal_output(asked->output))
                            : asked.error().message;
    if (auto s = end("reboot", {{"error", why}}); !s) return s.error();
    record_.boot_before.clear();
    auto s = finish("succeeded",
                    fmt::format("{}; patched, reboot pending: {} ({})", outcome, reason, why));
    if (!s) return s.error();
    return record_;
  }
  return await_reboot(reason);
}

bool HostDeployment::boot_changes_within(std::chrono::milliseconds grace) {
  const auto deadline = std::chrono::steady_clock::now() + grace;
  for (;;) {
    auto identity = transport_->boot_identity();
    if (!identity || *identity != record_.boot_before) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(kRebootPoll);
  }
}

Expected<store::DeployHostRecord> HostDeployment::await_reboot(const std::string& reason) {
  const auto deadline = std::chrono::steady_clock::now() + request_->policy.reboot_timeout;
  std::string now;
  for (;;) {
    // While the target is down its boot cannot be read: that is an error here, not an end.
    auto identity = transport_->boot_identity();
    if (identity && *identity != record_.boot_before) {
      now = *identity;
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::string why = fmt::format(
          "the host did not come back from its reboot within {} s: check it, then deploy "
          "--resume",
          std::chrono::duration_cast<std::chrono::seconds>(request_->policy.reboot_timeout)
              .count());
      if (auto s = end("reboot", {{"error", why}}); !s) return s.error();
      if (auto s = flush(); !s) return s.error();
      return make_error(ErrorCode::kConflict, "host '{}': {}", record_.host, why);
    }
    std::this_thread::sleep_for(kRebootPoll);
  }
  if (auto s = end("reboot", {{"boot", now}, {"reason", reason}}); !s) return s.error();
  // A new init is not yet a started system: the gates wait for its start-up to end.
  transport_->wait_for_startup(request_->policy.reboot_timeout);
  return gate_or_roll_back(-1, fmt::format("; rebooted ({})", reason), false, record_.outcome);
}

Expected<std::string> HostDeployment::restart_services(
    const std::vector<DeletedMapping>& mappings) {
  auto groups = coalesce_by_unit(mappings, [](int pid) {
    auto text = detail::read_local_file(fmt::format("/proc/{}/cgroup", pid), 1u << 16, "cgroup");
    return text ? *text : std::string();
  });
  if (auto s = begin("restart", json::object()); !s) return s.error();
  groups = apply_restart_policy(std::move(groups), request_->policy, transport_->runs_systemd(),
                                [&](const Command& command) { return transport_->run(command); });
  json listed = json::array();
  std::string summary;
  for (const auto& group : groups) {
    listed.push_back({{"unit", group.unit},
                      {"pids", group.pids},
                      {"commands", group.commands},
                      {"verdict", group.verdict}});
    summary += fmt::format("{}{} ({}): {}", summary.empty() ? "" : "; ",
                           group.unit.empty() ? "no unit" : group.unit,
                           fmt::join(group.commands, ", "), group.verdict);
  }
  if (auto s = end("restart", {{"services", listed}}); !s) return s.error();
  return summary;
}

Expected<std::vector<std::string>> HostDeployment::verify_checkpoint(const Checkpoint& checkpoint) {
  auto packages = query_host_packages(*transport_);
  if (!packages) return packages.error();
  std::vector<std::string> wrong;
  for (const auto& entry : checkpoint.entries) {
    const HostPackage* found = nullptr;
    for (const auto& [key, package] : *packages) {
      if (package.name == entry.name &&
          (entry.architecture.empty() || package.architecture == entry.architecture)) {
        found = &package;
      }
    }
    bool present = found != nullptr && found->has_current_version();
    if (entry.version.empty() && present) {
      wrong.push_back(fmt::format("'{}' is still installed", entry.name));
    } else if (!entry.version.empty() &&
               (!present || found->version != entry.version || !found->installed())) {
      wrong.push_back(fmt::format("'{}' is {}, checkpoint {} installed", entry.name,
                                  present ? found->version : std::string("absent"), entry.version));
    }
  }
  return wrong;
}

Expected<bool> HostDeployment::roll_back_and_verify(std::string_view why) {
  auto checkpoint = parse_checkpoint(record_.checkpoint);
  if (!checkpoint) return checkpoint.error();
  // A killed dpkg leaves a journal that apt would refuse; dpkg integrates it on start.
  auto packages = query_host_packages(*transport_);
  if (!packages) return packages.error();
  if (!interrupted_dpkg(*transport_, *packages).empty()) {
    Command configure = make_command(Tool::kDpkg, {"dpkg", "--force-confold", "--configure", "-a"},
                                     noninteractive_environment());
    configure.timeout = request_->policy.apply_timeout;
    auto repaired = run_journaled("repair", configure);
    if (!repaired) return repaired.error();
  }
  std::vector<std::string> debs;
  std::vector<std::string> removals;
  for (const auto& entry : checkpoint->entries) {
    if (entry.version.empty()) {
      removals.push_back(entry.architecture.empty() ? entry.name
                                                    : entry.name + ":" + entry.architecture);
      continue;
    }
    auto staged = transport_->stage_file(entry.deb);
    if (!staged) return staged.error();
    debs.push_back(*staged);
  }
  record_.outcome = std::string(why);
  auto rollback = run_journaled("rollback", rollback_command(debs, removals, request_->policy));
  if (!rollback) return rollback.error();
  if (auto s = begin("verify", json::object()); !s) return s.error();
  auto wrong = verify_checkpoint(*checkpoint);
  if (!wrong) return wrong.error();
  if (auto s = end("verify", {{"differences", *wrong}}); !s) return s.error();
  if (!wrong->empty()) {
    auto s = finish("failed", fmt::format("{}; rollback incomplete: {}", why, joined(*wrong)));
    if (!s) return s.error();
    return false;
  }
  if (auto s = finish("rolled-back", fmt::format("rolled back to the checkpoint: {}", why)); !s) {
    return s.error();
  }
  return true;
}

Expected<store::DeployHostRecord> HostDeployment::resume() {
  static const std::vector<std::string> kUnchanged = {"pending",    "lock",     "precheck",
                                                      "checkpoint", "download", "conffiles"};
  if (record_.state != "running" && record_.state != "pending") return record_;
  if (std::find(kUnchanged.begin(), kUnchanged.end(), record_.step) != kUnchanged.end()) {
    return run();
  }
  const std::string interrupted = record_.step;
  keep_step_ = true;
  auto opened = open_target();
  keep_step_ = false;
  if (!opened) return opened.error();
  if (interrupted == "reboot") {
    // The reboot was asked for (or about to be). A new boot, or a target that is down or
    // goes down soon (a slow shutdown), means it is happening: await it, then the gates. The
    // same boot throughout means it was never asked: ask again.
    auto identity = transport_->boot_identity();
    if (!identity || *identity != record_.boot_before || boot_changes_within(kRebootFailureGrace)) {
      return await_reboot("resumed");
    }
    auto checkpoint = parse_checkpoint(record_.checkpoint);
    if (!checkpoint) return checkpoint.error();
    std::string reason = reboot_reason(*checkpoint, *transport_);
    return reboot(reason.empty() ? "resumed" : reason, record_.outcome);
  }
  if (interrupted == "rollback" || interrupted == "verify" || interrupted == "repair") {
    auto rolled = roll_back_and_verify("resumed an interrupted rollback");
    if (!rolled) return rolled.error();
    return record_;
  }
  auto packages = query_host_packages(*transport_);
  if (!packages) return packages.error();
  if (!interrupted_dpkg(*transport_, *packages).empty()) {
    auto rolled = roll_back_and_verify("dpkg was interrupted in the change");
    if (!rolled) return rolled.error();
    return record_;
  }
  // A host that already rebooted for this change (a crash in the gates after it) is not
  // rebooted again.
  if (!record_.boot_before.empty()) {
    return gate_or_roll_back(-1, "; rebooted", false, record_.outcome);
  }
  return gate_or_roll_back(-1, "", true);
}

Expected<store::DeployHostRecord> HostDeployment::roll_back() {
  if (record_.checkpoint == "{}") {
    return make_error(ErrorCode::kConflict, "host '{}' of change '{}' has no checkpoint ({})",
                      record_.host, request_->change_id, record_.state);
  }
  if (auto s = open_target(); !s) return s.error();
  auto rolled = roll_back_and_verify("rolled back by hand");
  if (!rolled) return rolled.error();
  return record_;
}

}  // namespace patchplan::deploy
