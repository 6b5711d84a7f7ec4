// The pre-checks, in the order of the issue: interrupted dpkg, candidates and the
// simulated install, disk space, holds and conffiles, reboot state, failed units. The
// dpkg database, the candidates of installed packages and the sizes are read in-process,
// and so is the install itself when the pins need no resolver; apt-get -s decides the rest.
#include "deploy/precheck.hpp"

#include <algorithm>

#include "common/deb822.hpp"
#include "deploy/apt_indexes.hpp"
#include "deploy/deb_conffiles.hpp"
#include "deploy/dpkg_database.hpp"
#include "deploy/exact_install.hpp"
#include "deploy/health.hpp"

namespace patchplan::deploy {
namespace {

using inventory::PackageState;

const HostPackage* find_package(const std::map<std::string, HostPackage>& packages,
                                const PackagePin& pin) {
  auto it = packages.find(pin.name + ":" + pin.architecture);
  return it == packages.end() ? nullptr : &it->second;
}

// Conffiles that differ from what dpkg recorded: dpkg asks about these when the new
// package changes them too (dpkg(1) --force-confold; unattended-upgrades'
// conffile_prompt compares the same md5s).
void note_conffiles(Transport& transport, const HostPackage& package, PrecheckReport& report) {
  for (const auto& conffile : package.conffiles) {
    if (conffile.md5 == "newconffile" || conffile.md5.empty()) continue;
    auto text = transport.read_file(conffile.path);
    if (!text) continue;  // a removed conffile stays removed (dpkg keeps the deletion)
    if (md5_hex(*text) != conffile.md5) {
      report.conffiles.push_back(
          fmt::format("{} ({}) changed locally", conffile.path, package.name));
    }
  }
}

void check_space(Transport& transport, const ChangeRequest& request, PrecheckReport& report) {
  auto archives = transport.free_bytes("/var/cache/apt/archives");
  auto root = transport.free_bytes("/");
  if (!archives || !root) {
    report.blockers.push_back("cannot measure free disk space: " +
                              (archives ? root.error() : archives.error()).message);
    return;
  }
  report.free_archive_bytes = *archives;
  report.free_root_bytes = *root;
  std::uint64_t margin = request.policy.min_free_bytes;
  if (*archives < report.sizes.download + margin) {
    report.blockers.push_back(fmt::format(
        "not enough space for the download: {} bytes free in /var/cache/apt/archives, {} "
        "needed: free space first",
        *archives, report.sizes.download + margin));
  }
  if (*root < report.sizes.installed + margin) {
    report.blockers.push_back(
        fmt::format("not enough space to unpack: {} bytes free in /, {} needed: free space first",
                    *root, report.sizes.installed + margin));
  }
}

void check_reboot(Transport& transport, PrecheckReport& report) {
  for (const char* flag : {"/run/reboot-required", "/var/run/reboot-required"}) {
    if (!transport.exists(flag)) continue;
    report.reboot_required = true;
    auto pkgs = transport.read_file(std::string(flag) + ".pkgs", 1u << 20);
    if (pkgs) {
      std::size_t start = 0;
      while (start < pkgs->size()) {
        std::size_t end = pkgs->find('\n', start);
        if (end == std::string::npos) end = pkgs->size();
        std::string name(trim(std::string_view(*pkgs).substr(start, end - start)));
        if (!name.empty()) report.reboot_packages.push_back(name);
        start = end + 1;
      }
    }
    return;
  }
}

// Planned versions against apt's candidates: in-process for installed packages, with
// apt-cache policy only for pins of packages not installed yet. Whether a version is
// available at all is what the simulated install says (apt: "Version ... was not found").
Status check_versions(Transport& transport, const ChangeRequest& request,
                      const DpkgDatabase& database, PrecheckReport& report,
                      std::vector<SimulatedAction>& to_install) {
  std::map<std::string, std::string> candidates;
  std::vector<PackagePin> not_installed;
  if (request.policy.require_candidate) {
    auto installed = installed_candidates(transport, database, report.native_architecture);
    if (!installed) return installed.error();
    for (const auto& pin : request.packages) {
      auto it = installed->find(pin.name + ":" + pin.architecture);
      if (it != installed->end()) {
        candidates[pin.apt_name(report.native_architecture)] = it->second;
      } else {
        not_installed.push_back(pin);
      }
    }
  }
  if (!not_installed.empty()) {
    auto policy = candidate_versions(transport, not_installed, report.native_architecture);
    if (!policy) return policy.error();
    for (auto& [name, versions] : *policy) candidates[name] = versions.candidate;
  }
  for (const auto& pin : request.packages) {
    const std::string name = pin.apt_name(report.native_architecture);
    const HostPackage* installed = find_package(report.packages, pin);
    if (installed && installed->installed() && installed->version == pin.version) {
      report.already_planned.push_back(name + "=" + pin.version);
      continue;
    }
    if (installed && installed->status.selection == inventory::Selection::kHold) {
      report.held.push_back(name);
      if (!request.policy.allow_held) {
        report.blockers.push_back(fmt::format(
            "package '{}' is on hold: release it with 'apt-mark unhold {}' or allow held "
            "packages in the policy",
            name, name));
      }
    }
    if (request.policy.require_candidate && candidates[name] != pin.version) {
      report.blockers.push_back(
          fmt::format("planned version {} of '{}' is not apt's candidate ({}): plan again",
                      pin.version, name, candidates[name].empty() ? "none" : candidates[name]));
    }
    if (installed && installed->has_current_version())
      note_conffiles(transport, *installed, report);
    report.install_words.push_back(name + "=" + pin.version);
    to_install.push_back({false, name, "", pin.version});
  }
  return ok();
}

// What the install does: decided in-process when the pins alone are a consistent change
// (exact_install.hpp), else by apt-get -s. Sizes come from the stanzas either way.
Status resolve_actions(Transport& transport, const ChangeRequest& request,
                       const std::vector<SimulatedAction>& to_install, PrecheckReport& report) {
  auto pinned = read_index_versions(transport, to_install, report.native_architecture);
  std::string why_not;  // the in-process check's reason, when it had the stanzas
  if (pinned) {
    auto exact = exact_install(report.packages, *pinned, report.native_architecture);
    if (exact.actions) {
      report.actions = std::move(*exact.actions);
      report.resolver = "patchplan";
      report.sizes = sizes_of(*pinned);
      return ok();
    }
    why_not = exact.why_not;
    report.resolver = "apt-get -s: " + why_not;
  } else if (pinned.error().code == ErrorCode::kNotFound) {
    report.resolver = "apt-get -s: " + pinned.error().message;
  } else {
    return pinned.error();
  }
  auto actions = simulate_install(transport, report.install_words);
  if (!actions) {
    if (actions.error().code != ErrorCode::kConflict) return actions.error();
    // apt's words name the symptom ("held broken packages"); the in-process check's name
    // the package.
    report.blockers.push_back(why_not.empty()
                                  ? actions.error().message
                                  : fmt::format("{} ({})", actions.error().message, why_not));
    return ok();
  }
  report.actions = *actions;
  for (const auto& action : report.actions) {
    bool planned =
        std::any_of(request.packages.begin(), request.packages.end(), [&](const PackagePin& pin) {
          return pin.apt_name(report.native_architecture) == action.name;
        });
    if (action.remove) {
      report.blockers.push_back(
          fmt::format("the change would remove '{}' {}: plan the removal explicitly", action.name,
                      action.old_version));
    } else if (!planned) {
      report.new_dependencies.push_back(action.name + "=" + action.new_version);
    }
  }
  auto sizes = index_sizes(transport, report.actions, report.native_architecture);
  if (!sizes) return sizes.error();
  report.sizes = *sizes;
  return ok();
}

}  // namespace

std::map<std::string, std::string> noninteractive_environment() {
  // needrestart must not restart services from apt's hook: patchplan decides (needrestart
  // apt-pinvoke honours NEEDRESTART_SUSPEND; NEEDRESTART_MODE=l only lists).
  return {{"DEBIAN_FRONTEND", "noninteractive"}, {"APT_LISTCHANGES_FRONTEND", "none"},
          {"NEEDRESTART_SUSPEND", "1"},          {"NEEDRESTART_MODE", "l"},
          {"UCF_FORCE_CONFFOLD", "1"},           {kFrontendLockedEnv, "1"}};
}

std::vector<std::string> conffile_options(bool keep_old_conffiles) {
  return {
      "-o", "Dpkg::Options::=--force-confdef", "-o",
      keep_old_conffiles ? "Dpkg::Options::=--force-confold" : "Dpkg::Options::=--force-confnew"};
}

std::vector<std::string> interrupted_dpkg(Transport& transport,
                                          const std::map<std::string, HostPackage>& packages) {
  std::vector<std::string> problems;
  auto journal = transport.list_dir("/var/lib/dpkg/updates");
  if (journal && std::any_of(journal->begin(), journal->end(),
                             [](const std::string& name) { return is_journal_file_name(name); })) {
    problems.push_back(
        "dpkg was interrupted (journal files in /var/lib/dpkg/updates): run 'dpkg --configure "
        "-a'");
  }
  for (const auto& [key, package] : packages) {
    const auto state = package.status.state;
    const std::string word(inventory::state_name(state));
    if (package.status.reinstall_required || state == PackageState::kHalfInstalled) {
      problems.push_back(fmt::format(
          "package '{}' {} is {}{}: run 'apt-get install --reinstall {}={}'", key, package.version,
          word, package.status.reinstall_required ? " and needs reinstalling" : "", package.name,
          package.version));
    } else if (state == PackageState::kUnpacked || state == PackageState::kHalfConfigured ||
               state == PackageState::kTriggersAwaited || state == PackageState::kTriggersPending) {
      problems.push_back(fmt::format("package '{}' {} is {}: run 'dpkg --configure -a'", key,
                                     package.version, word));
    }
  }
  return problems;
}

Expected<std::vector<std::string>> repair_interrupted_dpkg(
    Transport& transport, const std::map<std::string, HostPackage>& packages,
    bool keep_old_conffiles) {
  std::vector<std::string> ran;
  Command configure = make_command(
      Tool::kDpkg,
      {"dpkg", keep_old_conffiles ? "--force-confold" : "--force-confnew", "--configure", "-a"},
      noninteractive_environment());
  auto result = transport.run(configure);
  if (!result) return result.error();
  ran.push_back(fmt::format("{} (exit code {})", command_line(configure), result->exit_code));
  for (const auto& [key, package] : packages) {
    if (!package.status.reinstall_required &&
        package.status.state != PackageState::kHalfInstalled) {
      continue;
    }
    std::vector<std::string> argv{"apt-get"};
    for (auto& option : apt_common_options()) argv.push_back(option);
    for (auto& option : conffile_options(keep_old_conffiles)) argv.push_back(option);
    for (const char* word : {"-y", "--reinstall", "install"}) argv.emplace_back(word);
    argv.push_back(package.name + ":" + package.architecture + "=" + package.version);
    Command reinstall = make_command(Tool::kApt, argv, noninteractive_environment());
    auto reinstalled = transport.run(reinstall);
    if (!reinstalled) return reinstalled.error();
    ran.push_back(
        fmt::format("{} (exit code {})", command_line(reinstall), reinstalled->exit_code));
  }
  return ran;
}

Expected<PrecheckReport> run_prechecks(Transport& transport, const ChangeRequest& request) {
  PrecheckReport report;
  auto database = read_dpkg_database(transport);
  if (!database) return database.error();
  auto native = native_architecture_of(transport, *database);
  if (!native) return native.error();
  report.native_architecture = *native;

  auto interrupted = interrupted_dpkg(transport, database->packages);
  if (!interrupted.empty() && request.policy.repair_interrupted) {
    auto ran =
        repair_interrupted_dpkg(transport, database->packages, request.policy.keep_old_conffiles);
    if (!ran) return ran.error();
    report.repaired = *ran;
    database = read_dpkg_database(transport);
    if (!database) return database.error();
    interrupted = interrupted_dpkg(transport, database->packages);
  }
  report.packages = database->packages;
  report.blockers = interrupted;
  if (!report.blockers.empty()) return report;  // apt refuses everything until repaired

  std::vector<SimulatedAction> to_install;
  if (auto s = check_versions(transport, request, *database, report, to_install); !s) {
    return s.error();
  }
  if (!report.install_words.empty() && report.blockers.empty()) {
    if (auto s = resolve_actions(transport, request, to_install, report); !s) return s.error();
  }
  check_space(transport, request, report);
  check_reboot(transport, report);
  report.failed_units = count_failed_units(transport);
  return report;
}

}  // namespace patchplan::deploy
