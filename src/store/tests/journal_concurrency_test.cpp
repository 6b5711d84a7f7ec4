#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "common/tests/test_files.hpp"
#include "store/store.hpp"
#include "store/tests/store_fixture.hpp"

namespace patchplan::store {
namespace {

constexpr int kEntriesPerProcess = 500;

// The body of one child process: waits for the start signal on `start_fd`, then opens the
// store (creating it if no other child has yet) and appends `count` entries, one
// transaction each. Reports a failure in `error_file`; never returns.
[[noreturn]] void run_appender(const std::string& path, int start_fd, const std::string& tool,
                               int count, const std::string& error_file) {
  char signal = 0;
  static_cast<void>(::read(start_fd, &signal, 1));  // returns 0 when the parent closes it
  auto fail = [&](const std::string& message) {
    std::ofstream(error_file) << message << '\n';
    ::_exit(1);
  };
  auto store = Store::open(path, StoreOptions{Actor{"alice", 1000, tool}, system_now});
  if (!store) fail(store.error().message);
  for (int i = 0; i < count; ++i) {
    JournalChange c = testing::change("web1", "assess");
    c.actor = Actor{"alice", 1000, tool};
    c.details = fmt::format(R"({{"n":{}}})", i);
    auto entry = store->journal().append(c);
    if (!entry) fail(entry.error().message);
  }
  ::_exit(0);
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Runs one appender process per tool, all released at once, and expects each to succeed.
void run_appenders(const std::filesystem::path& dir, const std::string& path,
                   const std::vector<std::string>& tools, int count) {
  int start[2];
  ASSERT_EQ(::pipe(start), 0);
  std::vector<pid_t> children;
  for (const std::string& tool : tools) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(start[1]);
      run_appender(path, start[0], tool, count, (dir / (tool + ".err")).string());
    }
    children.push_back(pid);
  }
  ::close(start[0]);
  ::close(start[1]);  // all children start now

  for (std::size_t i = 0; i < children.size(); ++i) {
    int status = 0;
    ASSERT_EQ(::waitpid(children[i], &status, 0), children[i]);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << tools[i] << ": " << read_all((dir / (tools[i] + ".err")).string());
  }
}

TEST(JournalConcurrencyTest, TwoProcessesAppendingAtOnceKeepOneChain) {
  patchplan::testing::TempDir dir;
  const std::string path = (dir.path() / "state/patchplan.db").string();
  run_appenders(dir.path(), path, {"appender-a", "appender-b"}, kEntriesPerProcess);

  auto store = testing::open_test_store(path);
  ASSERT_TRUE(store.has_value()) << store.error().message;
  auto verification = store->journal().verify();
  ASSERT_TRUE(verification.has_value()) << verification.error().message;
  EXPECT_TRUE(verification->intact()) << verification->first_break->message;
  EXPECT_EQ(verification->head_id, 2 * kEntriesPerProcess);

  // Every entry of each process is there once, in the order that process appended them.
  const auto entries = store->journal().list({}).value();
  std::map<std::string, int> next_n;
  int switches = 0;  // how often the appending process changed: how much the two overlapped
  for (std::size_t i = 1; i < entries.size(); ++i) {
    switches += entries[i].change.actor.tool != entries[i - 1].change.actor.tool ? 1 : 0;
  }
  RecordProperty("process_switches", switches);
  for (const JournalEntry& entry : entries) {
    const int n = nlohmann::json::parse(entry.change.details).at("n").get<int>();
    EXPECT_EQ(n, next_n[entry.change.actor.tool]++) << entry.change.actor.tool;
  }
  EXPECT_EQ(next_n["appender-a"], kEntriesPerProcess);
  EXPECT_EQ(next_n["appender-b"], kEntriesPerProcess);
}

TEST(JournalConcurrencyTest, ProcessesCreatingTheStoreAtOnceAllSucceed) {
  // Opening a new database in several processes races on the switch to WAL and on the
  // migrations; every opener must win or wait, none fail.
  patchplan::testing::TempDir dir;
  for (int round = 0; round < 20; ++round) {
    const std::string path = (dir.path() / fmt::format("round{}/patchplan.db", round)).string();
    run_appenders(dir.path(), path, {"opener-a", "opener-b", "opener-c", "opener-d"}, 1);
    auto store = testing::open_test_store(path);
    ASSERT_TRUE(store.has_value()) << store.error().message;
    auto verification = store->journal().verify();
    ASSERT_TRUE(verification.has_value());
    EXPECT_TRUE(verification->intact());
    EXPECT_EQ(verification->head_id, 4) << "round " << round;
  }
}

}  // namespace
}  // namespace patchplan::store
