// Rings, concurrency, threshold and window. One host at a time runs on the caller's store
// connection; concurrent workers open one each (connections are not shared between threads).
#include "deploy/rollout.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "deploy/host_packages.hpp"
#include "deploy/package_commands.hpp"
#include "deploy/transports.hpp"

namespace patchplan::deploy {
namespace {

bool failed_state(const std::string& state) { return state != "succeeded"; }

class RingRunner {
 public:
  RingRunner(const ChangeRequest& request, const RolloutOptions& options)
      : request_(request), options_(options) {}

  // Runs the pending hosts of `ring`; returns how many of them failed. One host at a time
  // runs on the calling thread with `caller_store`; more run on threads with a connection
  // each.
  Expected<int> run(std::vector<store::DeployHostRecord> hosts, store::Store& caller_store) {
    std::atomic<std::size_t> next{0};
    std::atomic<int> failures{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::optional<Error> error;
    const int allowed =
        request_.policy.failure_threshold.allowed_failures(static_cast<int>(hosts.size()));
    auto work = [&](store::Store* store) {
      // A host's end that cannot be recorded stops the ring: the store is the record.
      auto recorded = [&](Status status) {
        if (status) return true;
        std::lock_guard guard(mutex);
        if (!error) error = status.error();
        stop = true;
        return false;
      };
      for (;;) {
        std::size_t index = next++;
        if (index >= hosts.size()) return;
        store::DeployHostRecord& host = hosts[index];
        if (stop) {
          if (!recorded(
                  mark(*store, host, "not-started", "the failure threshold halted the rollout"))) {
            return;
          }
          continue;
        }
        const HostTarget* target = target_of(host.host);
        if (auto end = window_closed(target)) {
          if (!recorded(
                  mark(*store, host, "missed",
                       fmt::format("the window closed at {}", store::format_timestamp(*end))))) {
            return;
          }
          continue;
        }
        if (auto start = window_not_open(target)) {
          if (!recorded(mark(*store, host, "not-started",
                             fmt::format("its window opens at {}: deploy it then",
                                         store::format_timestamp(*start))))) {
            return;
          }
          continue;
        }
        HostDeployment deployment(*store, request_, host, options_.settings);
        auto done = deployment.run();
        if (!done) {
          host.state = "failed";
          host.outcome = done.error().message;
          if (!recorded(mark(*store, host, host.state, host.outcome))) return;
        } else {
          host = *done;
        }
        if (failed_state(host.state) && ++failures > allowed) stop = true;
        if (options_.on_host_done) {
          std::lock_guard guard(mutex);
          options_.on_host_done(host);
        }
      }
    };
    auto worker = [&] {
      auto store = store::Store::open(options_.db_path);
      if (!store) {
        std::lock_guard guard(mutex);
        error = store.error();
        return;
      }
      work(&*store);
    };
    int count = std::clamp(request_.policy.concurrency, 1, static_cast<int>(hosts.size()));
    if (count == 1) {
      work(&caller_store);
    } else {
      std::vector<std::thread> threads;
      for (int i = 0; i < count; ++i) threads.emplace_back(worker);
      for (auto& thread : threads) thread.join();
    }
    if (error) return *error;
    return failures.load();
  }

  // The end of the window that has closed for `host` (the request's, else the host's own;
  // none with --now), or nothing while it is open.
  [[nodiscard]] std::optional<store::Timestamp> window_closed(
      const HostTarget* host = nullptr) const {
    if (!options_.settings.override_reason.empty()) return std::nullopt;
    const auto now = now_();
    if (request_.window_end && now >= *request_.window_end) return request_.window_end;
    if (host && host->window_end && now >= *host->window_end) return host->window_end;
    return std::nullopt;
  }

  // The start of the host's own window while it has not opened (none with --now).
  [[nodiscard]] std::optional<store::Timestamp> window_not_open(const HostTarget* host) const {
    if (!options_.settings.override_reason.empty() || !host || !host->window_start) {
      return std::nullopt;
    }
    if (now_() < *host->window_start) return host->window_start;
    return std::nullopt;
  }

  [[nodiscard]] const HostTarget* target_of(const std::string& name) const {
    for (const auto& host : request_.hosts) {
      if (host.name == name) return &host;
    }
    return nullptr;
  }

  // Ends a host that is not started: its state, journaled. Errors: the store's.
  Status mark(store::Store& store, store::DeployHostRecord& host, const std::string& state,
              const std::string& outcome) {
    host.state = state;
    host.outcome = outcome;
    store::DeployRecords records(store.database());
    if (auto updated = records.update_host(host); !updated) return updated;
    store::JournalChange change;
    change.actor = options_.settings.actor;
    change.host = host.host;
    change.action = "deploy.host.end";
    change.reason = request_.reason;
    nlohmann::json details = {
        {"change", request_.change_id}, {"state", state}, {"outcome", outcome}};
    change.details = details.dump();
    auto appended = store.journal().append(change);
    if (!appended) return appended.error();
    return ok();
  }

 private:
  [[nodiscard]] store::Timestamp now_() const {
    return options_.settings.clock ? options_.settings.clock() : store::system_now();
  }

  const ChangeRequest& request_;
  const RolloutOptions& options_;
};

// The change in `state`, with its hosts as the store has them now.
Expected<RolloutResult> change_result(store::DeployRecords& records, const std::string& change_id,
                                      std::string state) {
  auto final_hosts = records.hosts(change_id);
  if (!final_hosts) return final_hosts.error();
  return RolloutResult{change_id, std::move(state), std::move(*final_hosts)};
}

// Runs the pending hosts ring by ring and records the change's end state.
Expected<RolloutResult> run_rings(store::Store& store, const ChangeRequest& request,
                                  const RolloutOptions& options) {
  store::DeployRecords records(store.database());
  auto hosts = records.hosts(request.change_id);
  if (!hosts) return hosts.error();
  std::map<int, std::vector<store::DeployHostRecord>> rings;
  for (const auto& host : *hosts) {
    if (host.state == "pending") rings[host.ring].push_back(host);
  }
  RingRunner runner(request, options);
  bool halted = false;
  for (auto it = rings.begin(); it != rings.end(); ++it) {
    if (halted) {
      for (auto& host : it->second) {
        if (auto marked =
                runner.mark(store, host, "not-started",
                            "the failure threshold halted the rollout in an earlier ring");
            !marked) {
          return marked.error();
        }
      }
      continue;
    }
    auto failures = runner.run(it->second, store);
    if (!failures) return failures.error();
    int allowed =
        request.policy.failure_threshold.allowed_failures(static_cast<int>(it->second.size()));
    if (*failures > allowed) {
      halted = true;
      continue;
    }
    if (std::next(it) != rings.end() && request.policy.soak.count() > 0 &&
        !runner.window_closed()) {
      std::this_thread::sleep_for(request.policy.soak);
    }
  }
  std::string state = halted ? "halted" : "finished";
  if (auto s = records.set_change_state(request.change_id, state); !s) return s.error();
  return change_result(records, request.change_id, state);
}

// A change read back from the store: its request and the progress of its hosts.
struct StoredChange {
  store::Store store;
  ChangeRequest request;
  std::vector<store::DeployHostRecord> hosts;
};

Expected<StoredChange> load_change(const std::string& change_id, const RolloutOptions& options) {
  auto store = store::Store::open(options.db_path);
  if (!store) return store.error();
  store::DeployRecords records(store->database());
  auto change = records.change(change_id);
  if (!change) return change.error();
  auto request = parse_change_request(change->request, "store:" + change_id);
  if (!request) return request.error();
  auto hosts = records.hosts(change_id);
  if (!hosts) return hosts.error();
  return StoredChange{std::move(*store), std::move(*request), std::move(*hosts)};
}

}  // namespace

Expected<RolloutResult> start_rollout(const ChangeRequest& request, const RolloutOptions& options) {
  auto store = store::Store::open(options.db_path);
  if (!store) return store.error();
  std::vector<store::DeployHostRecord> hosts;
  for (const auto& host : request.hosts) {
    store::DeployHostRecord record;
    record.change_id = request.change_id;
    record.host = host.name;
    record.ring = host.ring;
    hosts.push_back(std::move(record));
  }
  auto clock = options.settings.clock ? options.settings.clock : store::system_now;
  store::DeployRecords records(store->database());
  if (auto s = records.create_change(
          {request.change_id, clock(), change_request_json(request), "running"}, hosts);
      !s) {
    return s.error();
  }
  return run_rings(*store, request, options);
}

Expected<RolloutResult> resume_rollout(const std::string& change_id,
                                       const RolloutOptions& options) {
  auto stored = load_change(change_id, options);
  if (!stored) return stored.error();
  for (const auto& host : stored->hosts) {
    if (host.state != "running") continue;
    HostDeployment deployment(stored->store, stored->request, host, options.settings);
    auto done = deployment.resume();
    if (!done) return done.error().context(fmt::format("resuming host '{}'", host.host));
    if (options.on_host_done) options.on_host_done(*done);
  }
  store::DeployRecords records(stored->store.database());
  auto change = records.change(change_id);
  if (!change) return change.error();
  if (change->state == "halted") return change_result(records, change_id, change->state);
  return run_rings(stored->store, stored->request, options);
}

Expected<RolloutResult> roll_back_change(const std::string& change_id,
                                         const RolloutOptions& options) {
  auto stored = load_change(change_id, options);
  if (!stored) return stored.error();
  for (const auto& host : stored->hosts) {
    if (host.checkpoint == "{}" || host.state == "rolled-back") continue;
    HostDeployment deployment(stored->store, stored->request, host, options.settings);
    auto done = deployment.roll_back();
    if (!done) return done.error().context(fmt::format("rolling back host '{}'", host.host));
    if (options.on_host_done) options.on_host_done(*done);
  }
  store::DeployRecords records(stored->store.database());
  if (auto s = records.set_change_state(change_id, "rolled-back"); !s) return s.error();
  return change_result(records, change_id, "rolled-back");
}

Expected<std::vector<std::string>> dry_run_commands(const ChangeRequest& request,
                                                    const std::string& state_dir) {
  std::vector<std::string> lines;
  std::map<int, std::vector<const HostTarget*>> rings;
  for (const auto& host : request.hosts) rings[host.ring].push_back(&host);
  for (const auto& [ring, hosts] : rings) {
    for (const HostTarget* host : hosts) {
      auto transport = open_transport(host->target, state_dir + "/targets/" + host->name);
      if (!transport) return transport.error().context(fmt::format("host '{}'", host->name));
      Transport& t = **transport;
      auto show = [&](const Command& command) {
        lines.push_back(
            fmt::format("ring {} {}: {}", ring, host->name, command_line(t.adapt(command))));
      };
      lines.push_back(fmt::format(
          "ring {} {}: lock <admindir>/lock-frontend then <admindir>/lock (fcntl, {} ms)", ring,
          host->name, request.policy.lock_timeout.count()));
      std::vector<std::string> words;
      std::vector<std::string> names;
      for (const auto& pin : request.packages_of(host->name)) {
        words.push_back(pin.name + "=" + pin.version);
        names.push_back(pin.name);
      }
      lines.push_back(fmt::format(
          "ring {} {}: read {}/var/lib/dpkg/status and updates/, apt's configuration, sources "
          "and lists in-process (states, conffiles, candidates, sizes; apt-cache policy only "
          "for planned packages not installed)",
          ring, host->name, t.local_tree() == "/" ? "" : t.local_tree()));
      std::vector<std::string> simulate{"apt-get"};
      for (auto& option : apt_common_options()) simulate.push_back(option);
      for (const char* word : {"-s", "--no-install-recommends", "install"}) {
        simulate.emplace_back(word);
      }
      simulate.insert(simulate.end(), words.begin(), words.end());
      lines.push_back(fmt::format(
          "ring {} {}: check the planned versions' Depends, Pre-Depends, Breaks and Conflicts "
          "against the installed packages in-process; only when apt would have to add, upgrade "
          "or remove more:",
          ring, host->name));
      show(make_command(Tool::kApt, simulate));
      lines.push_back(fmt::format(
          "ring {} {}: checkpoint: copy each installed .deb from /var/cache/apt/archives, else "
          "apt-get download NAME:ARCH=INSTALLED, else dpkg-repack NAME:ARCH, into {}/pool",
          ring, host->name, state_dir));
      show(download_command(words, request.policy));
      show(install_command(words, request.policy));
      for (const auto& check : request.policy.checks) {
        if (check.kind == HealthCheck::Kind::kCommand) {
          show(make_command(Tool::kPlain, check.argv));
        } else {
          lines.push_back(fmt::format("ring {} {}: check '{}': {}", ring, host->name, check.name,
                                      check.kind == HealthCheck::Kind::kTcp
                                          ? fmt::format("tcp {}:{}", check.host, check.port)
                                          : "http " + check.url));
        }
      }
      bool reboot = host->reboot_allowed.value_or(request.policy.reboot_allowed);
      auto boot = reboot ? t.boot_identity() : Expected<std::string>("");
      if (!boot) {
        lines.push_back(fmt::format(
            "ring {} {}: no reboot ({}): a host that needs one is reported \"patched, reboot "
            "pending\"",
            ring, host->name, boot.error().message));
      } else {
        lines.push_back(
            reboot ? fmt::format("ring {} {}: if a reboot is needed (new kernel, libc, systemd, "
                                 "/run/reboot-required) and the window is open: {}, then wait up "
                                 "to {} s for a new boot and run the gates again",
                                 ring, host->name, command_line(detail::reboot_command(true, {})),
                                 std::chrono::duration_cast<std::chrono::seconds>(
                                     request.policy.reboot_timeout)
                                     .count())
                   : fmt::format("ring {} {}: no reboot (not allowed): a host that needs one is "
                                 "reported \"patched, reboot pending\"",
                                 ring, host->name));
      }
      lines.push_back(fmt::format("ring {} {}: if a gate fails: ", ring, host->name) +
                      command_line(t.adapt(
                          rollback_command({"<kept .debs>"}, {"<new packages>"}, request.policy))));
    }
  }
  return lines;
}

}  // namespace patchplan::deploy
