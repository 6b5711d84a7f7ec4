// Services mapping deleted files: the unit of a process from its cgroup, the protection of
// sshd and databases, coalescing per unit; and the restart policy carried out against a
// real systemd (testing::SystemdSandbox), whose services are "upgraded" under them.
#include "deploy/service_restarts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "common/tests/systemd_sandbox.hpp"
#include "deploy/transports.hpp"

namespace patchplan::deploy {
namespace {

TEST(ServiceRestartsTest, UnitOfCgroupTakesTheDeepestServiceOfTheUnifiedLine) {
  EXPECT_EQ(unit_of_cgroup("0::/system.slice/nginx.service\n"), "nginx.service");
  EXPECT_EQ(unit_of_cgroup("0::/system.slice/system-getty.slice/getty@tty1.service\n"),
            "getty@tty1.service");
  // A sandbox's cgroup below a service of the machine: the innermost service owns it.
  EXPECT_EQ(unit_of_cgroup("0::/system.slice/ci.service/sandbox/system.slice/demo.service"),
            "demo.service");
  EXPECT_EQ(unit_of_cgroup("0::/user.slice/user-0.slice/session-3.scope\n"), "");
  EXPECT_EQ(unit_of_cgroup("0::/\n"), "");
  EXPECT_EQ(unit_of_cgroup(""), "");
  // cgroup v1: the name=systemd hierarchy.
  EXPECT_EQ(unit_of_cgroup("12:cpu,cpuacct:/\n1:name=systemd:/system.slice/cron.service\n"),
            "cron.service");
  // ".service" alone is no unit name.
  EXPECT_EQ(unit_of_cgroup("0::/system.slice/.service\n"), "");
}

TEST(ServiceRestartsTest, SshAndDatabasesAreProtectedByUnitOrCommand) {
  EXPECT_NE(protection_of("ssh.service", {"sshd"}).find("SSH daemon"), std::string::npos);
  EXPECT_NE(protection_of("sshd@3-10.0.0.1:22.service", {}).find("SSH"), std::string::npos);
  EXPECT_NE(protection_of("", {"sshd"}).find("SSH"), std::string::npos);
  EXPECT_NE(protection_of("postgresql@15-main.service", {"postgres"}).find("database"),
            std::string::npos);
  EXPECT_NE(protection_of("app.service", {"mariadbd"}).find("database"), std::string::npos);
  EXPECT_EQ(protection_of("nginx.service", {"nginx", "nginx"}), "");
}

TEST(ServiceRestartsTest, MappingsAreCoalescedPerUnitWithLooseProcessesLast) {
  std::vector<DeletedMapping> mappings = {{10, "nginx", "/usr/lib/libssl.so.3"},
                                          {10, "nginx", "/usr/lib/libcrypto.so.3"},
                                          {11, "nginx", "/usr/lib/libssl.so.3"},
                                          {20, "bash", "/usr/lib/libc.so.6"},
                                          {30, "cron", "/usr/lib/libc.so.6"}};
  auto groups = coalesce_by_unit(mappings, [](int pid) -> std::string {
    if (pid == 10 || pid == 11) return "0::/system.slice/nginx.service\n";
    if (pid == 30) return "0::/system.slice/cron.service\n";
    return "0::/user.slice/user-0.slice/session-1.scope\n";
  });
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].unit, "cron.service");
  EXPECT_EQ(groups[1].unit, "nginx.service");
  EXPECT_EQ(groups[1].pids, (std::vector<int>{10, 11}));
  EXPECT_EQ(groups[2].unit, "");
  EXPECT_EQ(groups[2].pids, std::vector<int>{20});
  for (const auto& group : groups) EXPECT_EQ(group.verdict, "listed");
}

TEST(ServiceRestartsTest, OnlyTheRestartPolicyRunsCommandsAndNeverForLooseProcesses) {
  std::vector<ServiceRestart> groups = {{"nginx.service", {10}, {"nginx"}, "listed"},
                                        {"", {20}, {"bash"}, "listed"}};
  std::vector<std::string> ran;
  auto run = [&](const Command& command) -> Expected<CommandResult> {
    ran.push_back(command.argv.back());
    return CommandResult{0, false, "", {}};
  };
  DeployPolicy policy;
  policy.restart = RestartPolicy::kList;
  EXPECT_EQ(apply_restart_policy(groups, policy, true, run)[0].verdict, "listed");
  policy.restart = RestartPolicy::kNever;
  EXPECT_EQ(apply_restart_policy(groups, policy, true, run)[0].verdict, "listed");
  EXPECT_TRUE(ran.empty());

  policy.restart = RestartPolicy::kRestart;
  auto without_systemd = apply_restart_policy(groups, policy, false, run);
  EXPECT_EQ(without_systemd[0].verdict, "not restarted: systemd does not run on the target");
  EXPECT_TRUE(ran.empty());
  auto restarted = apply_restart_policy(groups, policy, true, run);
  EXPECT_EQ(restarted[0].verdict, "restarted");
  EXPECT_EQ(restarted[1].verdict, "not restarted: in no service unit, restart by hand");
  EXPECT_EQ(ran, std::vector<std::string>{"nginx.service"});
}

// --- against a real systemd ---

using patchplan::testing::SystemdSandbox;

// Each service runs its own copy of sleep from /run/svc (copied by ExecStartPre, so a
// restart runs the new copy), and refuses to start while /run/svc/refuse exists; demo
// runs two processes, to be restarted once.
std::string service(const std::string& name, bool two_processes) {
  std::string copy = "/run/svc/" + name;
  std::string start = two_processes
                          ? "/bin/sh -c '" + copy + " infinity & exec " + copy + " infinity'"
                          : copy + " infinity";
  return "[Unit]\nDescription=" + name + "\n[Service]\nExecStartPre=/bin/mkdir -p /run/svc\n" +
         "ExecStartPre=/bin/sh -c 'test ! -e /run/svc/refuse'\n" +
         "ExecStartPre=/bin/cp /bin/sleep " + copy + "\nExecStart=" + start + "\n";
}

class ServiceRestartsSystemdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "booting a systemd sandbox needs root";
    SystemdSandbox::Options options;
    options.units["demo.service"] = service("demo", true);
    options.units["ssh.service"] = service("sshd", false);
    options.wanted = {"demo.service", "ssh.service"};
    std::string error;
    sandbox_ = SystemdSandbox::boot(options, error);
    ASSERT_NE(sandbox_, nullptr) << error;
    for (const char* unit : {"demo.service", "ssh.service"}) {
      ASSERT_EQ(sandbox_->run({"systemctl", "is-active", unit}).out, "active\n") << unit;
    }
  }

  // What a package upgrade does to a running binary: a new file renamed over the old one.
  void upgrade_binaries() {
    for (const char* name : {"demo", "sshd"}) {
      std::string copy = std::string("/run/svc/") + name;
      auto replaced =
          sandbox_->run({"sh", "-c", "cp /bin/sleep \"$0.new\" && mv -f \"$0.new\" \"$0\"", copy});
      ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
    }
  }

  // The sandbox's processes that map deleted files (those in its PID namespace).
  std::vector<DeletedMapping> deleted_in_sandbox() const {
    namespace fs = std::filesystem;
    std::error_code error;
    auto sandbox_ns = fs::read_symlink(fmt::format("/proc/{}/ns/pid", sandbox_->manager_pid()));
    return detail::scan_deleted_mappings([&](int pid, const std::string& path) -> std::string {
      auto ns = fs::read_symlink(fmt::format("/proc/{}/ns/pid", pid), error);
      return !error && ns == sandbox_ns ? path : "";
    });
  }

  std::vector<ServiceRestart> groups() const {
    return coalesce_by_unit(deleted_in_sandbox(), [](int pid) {
      auto text = detail::read_local_file(fmt::format("/proc/{}/cgroup", pid), 1u << 16, "cgroup");
      return text ? *text : std::string();
    });
  }

  // The target's own systemctl: the command runs inside the sandbox, as on a host.
  std::function<Expected<CommandResult>(const Command&)> run_on_sandbox() const {
    return [this](const Command& command) -> Expected<CommandResult> {
      auto ran = sandbox_->run(command.argv);
      return CommandResult{ran.exit_code, false, ran.out + ran.err, {}};
    };
  }

  std::unique_ptr<SystemdSandbox> sandbox_;
};

const ServiceRestart* find_unit(const std::vector<ServiceRestart>& groups,
                                const std::string& unit) {
  auto it = std::find_if(groups.begin(), groups.end(),
                         [&](const ServiceRestart& g) { return g.unit == unit; });
  return it == groups.end() ? nullptr : &*it;
}

TEST_F(ServiceRestartsSystemdTest, DemoIsRestartedOnceAndSshdOnlyWithPermission) {
  upgrade_binaries();
  auto before = groups();
  ASSERT_NE(find_unit(before, "demo.service"), nullptr);
  ASSERT_NE(find_unit(before, "ssh.service"), nullptr);
  EXPECT_EQ(find_unit(before, "demo.service")->pids.size(), 2u) << "two processes, one unit";

  DeployPolicy policy;
  policy.restart = RestartPolicy::kRestart;
  std::vector<std::string> ran;
  auto run = run_on_sandbox();
  auto counting = [&](const Command& command) {
    ran.push_back(command.argv.back());
    return run(command);
  };
  auto done = apply_restart_policy(before, policy, true, counting);
  EXPECT_EQ(find_unit(done, "demo.service")->verdict, "restarted");
  EXPECT_NE(find_unit(done, "ssh.service")->verdict.find("protected"), std::string::npos);
  EXPECT_EQ(ran, std::vector<std::string>{"demo.service"});

  // demo now runs the new binary; sshd still maps the deleted one.
  auto after = groups();
  EXPECT_EQ(find_unit(after, "demo.service"), nullptr);
  ASSERT_NE(find_unit(after, "ssh.service"), nullptr);
  EXPECT_EQ(find_unit(after, "ssh.service")->pids, find_unit(before, "ssh.service")->pids);
  EXPECT_EQ(sandbox_->run({"systemctl", "is-active", "demo.service"}).out, "active\n");

  policy.restart_allowed = {"ssh.service"};
  auto permitted = apply_restart_policy(after, policy, true, run);
  EXPECT_EQ(find_unit(permitted, "ssh.service")->verdict, "restarted");
  EXPECT_TRUE(groups().empty());
}

TEST_F(ServiceRestartsSystemdTest, AUnitThatFailsToStartIsReportedAsAFailedRestart) {
  upgrade_binaries();
  auto before = groups();
  // The services refuse to start from now on (their ExecStartPre checks this file).
  auto broken = sandbox_->run({"touch", "/run/svc/refuse"});
  ASSERT_EQ(broken.exit_code, 0) << broken.err;
  DeployPolicy policy;
  policy.restart = RestartPolicy::kRestart;
  auto done = apply_restart_policy(before, policy, true, run_on_sandbox());
  EXPECT_TRUE(find_unit(done, "demo.service")->verdict.starts_with("restart failed: exit code"))
      << find_unit(done, "demo.service")->verdict;
}

}  // namespace
}  // namespace patchplan::deploy
