// harden --remediate for real on sandbox roots: real SSG rules go from fail to pass, every
// change is journaled with its befores and afters, rollback restores bytes, mode, owner and
// times exactly; failing, hanging and hostile fixes are recorded and the run goes on.
#include "harden/remediation_run.hpp"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "harden/profile_selection.hpp"
#include "harden/tests/oval_fixture.hpp"
#include "harden/tests/sandbox_root.hpp"
#include "harden/xccdf_evaluator.hpp"

namespace patchplan::harden {
namespace {

using testing::SandboxRoot;

const std::string kPrefix = "xccdf_org.ssgproject.content_rule_";

const Content& debian12() { return harden::testing::debian12_content(); }

class RemediationRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!testing::enter_private_mount_namespace(&why)) GTEST_SKIP() << why;
    sandbox_ = std::make_unique<SandboxRoot>();
    ASSERT_TRUE(sandbox_->usr_bound()) << "cannot bind /usr read-only into the sandbox";
    auto opened = store::Store::open(db_dir_.path() / "state.db");
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::make_unique<store::Store>(std::move(*opened));
  }

  // The files the chosen rules read, each set to fail.
  void write_failing_files() const {
    sandbox_->write("etc/passwd",
                    "root:x:0:0:root:/root:/bin/bash\nuser:x:1000:1000::/home/user:/bin/bash\n",
                    0755);
    sandbox_->write("etc/group", "root:x:0:\nshadow:x:42:\nuser:x:1000:\n");
    sandbox_->write("etc/shadow", "root:*:19000:0:99999:7:::\n", 0640, 1000, 42);
    sandbox_->write("etc/ssh/sshd_config", "Port 22\nPermitRootLogin yes\n", 0600);
    sandbox_->write("etc/profile", "# /etc/profile\nexport PATH\n");
    std::filesystem::create_directories(sandbox_->path() + "/etc/profile.d");
  }

  Expected<Evaluation> evaluate_sandbox(const Content& content, const Profile* profile) const {
    EvaluateOptions options;
    options.root = sandbox_->path();
    return evaluate(content, profile, options);
  }

  static RuleStatus status_of(const Evaluation& evaluation, const std::string& id) {
    for (const RuleResult& result : evaluation.results) {
      if (result.rule->id == id) return result.status;
    }
    return RuleStatus::kNotSelected;
  }

  std::vector<store::JournalEntry> journal() const {
    auto entries = store_->journal().list({});
    EXPECT_TRUE(entries);
    return entries ? *entries : std::vector<store::JournalEntry>{};
  }

  patchplan::testing::TempDir db_dir_;
  std::unique_ptr<SandboxRoot> sandbox_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(RemediationRunTest, RealRulesGoFromFailToPassAndRollbackRestoresEveryFileExactly) {
  write_failing_files();
  const std::vector<std::string> rules = {"sshd_disable_root_login", "file_permissions_etc_passwd",
                                          "file_owner_etc_shadow", "accounts_tmout"};
  const Benchmark& benchmark = *debian12().benchmark();
  auto profile = find_profile(benchmark, "anssi_bp28_high");
  ASSERT_TRUE(profile);
  auto before = evaluate_sandbox(debian12(), *profile);
  ASSERT_TRUE(before) << before.error().message;
  for (const std::string& rule : rules) {
    EXPECT_EQ(status_of(*before, kPrefix + rule), RuleStatus::kFail) << rule;
  }
  const auto original = sandbox_->snapshot();

  RemediateOptions options;
  options.root = sandbox_->path();
  options.host = "sandbox";
  options.rules = rules;
  auto result = remediate(debian12(), *profile, *before, options, *store_);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->fixes.size(), 4u);
  for (const FixRecord& fix : result->fixes) {
    EXPECT_EQ(fix.outcome, "applied") << fix.rule->id << ": " << fix.run.output;
    EXPECT_EQ(fix.before, RuleStatus::kFail) << fix.rule->id;
    EXPECT_EQ(fix.after, RuleStatus::kPass) << fix.rule->id;
    EXPECT_TRUE(fix.diverged.empty()) << fix.rule->id;
  }
  struct stat info {};
  ASSERT_EQ(::stat((sandbox_->path() + "/etc/passwd").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0644u);
  ASSERT_EQ(::stat((sandbox_->path() + "/etc/shadow").c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, 0u);
  EXPECT_EQ(info.st_gid, 42u);
  std::ifstream sshd(sandbox_->path() + "/etc/ssh/sshd_config");
  std::string first;
  std::getline(sshd, first);
  EXPECT_EQ(first, "PermitRootLogin no");
  std::ifstream tmout(sandbox_->path() + "/etc/profile.d/tmout.sh");
  EXPECT_TRUE(tmout.good()) << "accounts_tmout creates /etc/profile.d/tmout.sh";
  std::string tmout_text((std::istreambuf_iterator<char>(tmout)), {});
  EXPECT_NE(tmout_text.find("TMOUT=600"), std::string::npos) << tmout_text;

  // The journal: the run, each fix before and after it ran, the end; chain intact.
  std::vector<std::string> actions;
  for (const store::JournalEntry& entry : journal()) actions.push_back(entry.change.action);
  EXPECT_EQ(actions, (std::vector<std::string>{
                         "harden.remediate", "harden.fix.start", "harden.fix.end",
                         "harden.fix.start", "harden.fix.end", "harden.fix.start", "harden.fix.end",
                         "harden.fix.start", "harden.fix.end", "harden.remediate.done"}));
  bool saw_shadow = false;
  for (const store::JournalEntry& entry : journal()) {
    if (entry.change.action != "harden.fix.start") continue;
    const auto details = nlohmann::json::parse(entry.change.details);
    EXPECT_EQ(details.at("change_id"), result->change_id);
    for (const auto& file : details.at("files")) {
      if (file.at("path") != "/etc/shadow") continue;
      saw_shadow = true;
      EXPECT_EQ(file.at("before").at("uid"), 1000);
      EXPECT_EQ(file.at("before").at("mode"), "0640");
    }
  }
  EXPECT_TRUE(saw_shadow);
  auto verified = store_->journal().verify();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact());

  // Nothing fails any more: nothing is run or journaled.
  auto again = evaluate_sandbox(debian12(), *profile);
  ASSERT_TRUE(again);
  const std::size_t entries = journal().size();
  auto nothing = remediate(debian12(), *profile, *again, options, *store_);
  ASSERT_TRUE(nothing) << nothing.error().message;
  EXPECT_TRUE(nothing->change_id.empty());
  EXPECT_TRUE(nothing->fixes.empty());
  EXPECT_EQ(journal().size(), entries);

  auto is_remediation = is_remediation_change(*store_, result->change_id);
  ASSERT_TRUE(is_remediation);
  EXPECT_TRUE(*is_remediation);
  auto rolled_back = roll_back_remediation(*store_, result->change_id);
  ASSERT_TRUE(rolled_back) << rolled_back.error().message;
  EXPECT_EQ(sandbox_->snapshot(), original);
  auto after_rollback = evaluate_sandbox(debian12(), *profile);
  ASSERT_TRUE(after_rollback);
  for (const std::string& rule : rules) {
    EXPECT_EQ(status_of(*after_rollback, kPrefix + rule), RuleStatus::kFail) << rule;
  }
  EXPECT_EQ(journal().back().change.action, "harden.rollback");
  verified = store_->journal().verify();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->intact());
  auto twice = roll_back_remediation(*store_, result->change_id);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  auto unknown = is_remediation_change(*store_, "deploy-1");
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(*unknown);
}

TEST_F(RemediationRunTest, OfflineRootRuntimeFixCannotChangeTheMachineAndSaysSo) {
  write_failing_files();
  const Benchmark& benchmark = *debian12().benchmark();
  auto profile = find_profile(benchmark, "anssi_bp28_high");
  ASSERT_TRUE(profile);
  auto before = evaluate_sandbox(debian12(), *profile);
  ASSERT_TRUE(before);
  std::ifstream machine("/proc/sys/fs/suid_dumpable");
  std::string machine_value;
  machine >> machine_value;
  RemediateOptions options;
  options.root = sandbox_->path();
  options.rules = {"sysctl_fs_suid_dumpable"};
  auto result = remediate(debian12(), *profile, *before, options, *store_);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->fixes.size(), 1u);
  const FixRecord& fix = result->fixes[0];
  EXPECT_NE(fix.run.output.find("sysctl"), std::string::npos) << fix.run.output;
  EXPECT_NE(fix.message.find("offline root"), std::string::npos) << fix.message;
  EXPECT_EQ(std::count(fix.paths.begin(), fix.paths.end(), "/etc/sysctl.conf"), 1);
  std::ifstream after("/proc/sys/fs/suid_dumpable");
  std::string after_value;
  after >> after_value;
  EXPECT_EQ(after_value, machine_value) << "the machine's runtime setting must not change";
}

// Runs `body` in a child chrooted into the sandbox, in a mount namespace of its own with a
// read-only /proc, so that "/" there is the sandbox; its exit status is returned. The child
// refuses to go on unless the chroot took it into the sandbox (its marker file is there).
int in_sandbox_as_root(const SandboxRoot& sandbox, const std::function<int()>& body) {
  sandbox.write("patchplan-sandbox-marker", "");
  const pid_t child = ::fork();
  if (child == 0) {
    // A running system's "/" is a mount point: the sandbox is bound onto itself to be one.
    const std::string root = sandbox.path();
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(root.c_str(), root.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0 ||
        ::mount("/dev", (root + "/dev").c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0 ||
        ::chroot(root.c_str()) != 0 || ::chdir("/") != 0 ||
        ::access("/patchplan-sandbox-marker", F_OK) != 0) {
      ::_exit(90);
    }
    if (::mount("proc", "/proc", "proc", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) !=
        0) {
      ::_exit(91);
    }
    ::_exit(body());
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The in-place mode of "/": each fix first as a trial, then for real, on a "/" that is the
// sandbox (with its /usr a separate mount, so the trial overlays it on its own).
TEST_F(RemediationRunTest, OnTheRunningRootEachFixIsTriedThenRunInPlaceAndRolledBack) {
  write_failing_files();
  const auto original = sandbox_->snapshot();
  const std::vector<std::string> rules = {"sshd_disable_root_login", "file_permissions_etc_passwd",
                                          "accounts_tmout"};
  const Content& content = debian12();
  auto profile = find_profile(*content.benchmark(), "anssi_bp28_high");
  ASSERT_TRUE(profile);
  const int remediated = in_sandbox_as_root(*sandbox_, [&] {
    auto opened = store::Store::open("/root/state.db");
    if (!opened) return 10;
    EvaluateOptions evaluate_options;
    auto before = evaluate(content, *profile, evaluate_options);
    if (!before) return 11;
    RemediateOptions options;
    options.rules = rules;
    auto result = remediate(content, *profile, *before, options, *opened);
    if (!result) {
      fmt::print(stderr, "remediate: {}\n", result.error().message);
      return 12;
    }
    if (result->fixes.size() != rules.size()) return 15;
    for (const FixRecord& fix : result->fixes) {
      if (fix.outcome != "applied" || fix.after != RuleStatus::kPass) {
        fmt::print(stderr, "{}: {} -> {} {}\n", fix.rule->id, fix.outcome, status_name(fix.after),
                   fix.run.output);
        return 13;
      }
      if (!fix.diverged.empty() || fix.trial.exit_code != 0) return 14;
      if (!fix.message.empty()) return 16;  // the trial and the real run agreed
    }
    return 0;
  });
  ASSERT_EQ(remediated, 0) << "remediation inside the sandbox failed (see the codes above)";
  struct stat info {};
  ASSERT_EQ(::stat((sandbox_->path() + "/etc/passwd").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0644u);
  EXPECT_EQ(::access((sandbox_->path() + "/etc/profile.d/tmout.sh").c_str(), F_OK), 0);

  const int rolled_back = in_sandbox_as_root(*sandbox_, [&] {
    auto opened = store::Store::open("/root/state.db");
    if (!opened) return 20;
    auto entries = opened->journal().list({});
    if (!entries) return 21;
    std::string change_id;
    for (const store::JournalEntry& entry : *entries) {
      if (entry.change.action == "harden.remediate") {
        change_id = nlohmann::json::parse(entry.change.details).at("change_id");
      }
    }
    auto undone = roll_back_remediation(*opened, change_id);
    if (!undone) return 22;
    auto verified = opened->journal().verify();
    return verified && verified->intact() ? 0 : 23;
  });
  ASSERT_EQ(rolled_back, 0);
  // Not compared: the store under /root, the marker, and the time of /tmp, where each trial
  // made and removed its scratch directory.
  auto unrelated = [](const auto& entry) {
    return entry.first.starts_with("/root") || entry.first == "/patchplan-sandbox-marker" ||
           entry.first == "/" || entry.first == "/tmp";
  };
  auto restored = sandbox_->snapshot();
  std::erase_if(restored, unrelated);
  auto expected = original;
  std::erase_if(expected, unrelated);
  EXPECT_EQ(restored, expected);
}

TEST_F(RemediationRunTest, RootWithoutBashIsAClearError) {
  patchplan::testing::TempDir empty;
  empty.write("etc/passwd", "root:x:0:0::/root:/bin/sh\n");
  Evaluation evaluation;
  RemediateOptions options;
  options.root = empty.path().string();
  auto result = remediate(debian12(), nullptr, evaluation, options, *store_);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("/bin/bash"), std::string::npos);
  EXPECT_NE(result.error().message.find(empty.path().string()), std::string::npos);
}

}  // namespace
}  // namespace patchplan::harden
