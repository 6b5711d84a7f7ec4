#include "deploy/command.hpp"

#include <gtest/gtest.h>

namespace patchplan::deploy {
namespace {

using namespace std::chrono_literals;

TEST(RunCommandTest, CapturesOutputOfBothStreamsAndTheExitCode) {
  auto result =
      run_command(make_command(Tool::kPlain, {"sh", "-c", "echo out; echo err >&2; exit 3"}));
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->exit_code, 3);
  EXPECT_FALSE(result->timed_out);
  EXPECT_EQ(result->output, "out\nerr\n");
  EXPECT_FALSE(result->succeeded());
}

TEST(RunCommandTest, StdinIsClosed) {
  Command command = make_command(Tool::kPlain, {"cat"});
  command.timeout = 5s;
  auto result = run_command(command);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_TRUE(result->succeeded());
  EXPECT_EQ(result->output, "");
}

TEST(RunCommandTest, KillsTheWholeProcessGroupAtTheTimeout) {
  auto start = std::chrono::steady_clock::now();
  Command command = make_command(Tool::kPlain, {"sh", "-c", "sleep 30 & sleep 30"});
  command.timeout = 300ms;
  auto result = run_command(command);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_TRUE(result->timed_out);
  EXPECT_EQ(result->exit_code, 128 + 9);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(RunCommandTest, EnvironmentAndWorkingDirectoryApply) {
  Command command = make_command(Tool::kPlain, {"sh", "-c", "echo \"$PP_TEST_VALUE\"; pwd"},
                                 {{"PP_TEST_VALUE", "a b"}});
  command.working_dir = "/proc";
  auto result = run_command(command);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->output, "a b\n/proc\n");
}

TEST(RunCommandTest, MissingProgramIsNotFound) {
  auto result = run_command(make_command(Tool::kPlain, {"patchplan-no-such-program"}));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(result.error().message,
            "cannot run 'patchplan-no-such-program': No such file or directory");
}

TEST(RunCommandTest, LongOutputKeepsItsHeadAndTail) {
  auto result = run_command(
      make_command(Tool::kPlain, {"sh", "-c", "echo first; head -c 3000000 /dev/zero; echo last"}));
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_TRUE(result->output.starts_with("first\n"));
  EXPECT_TRUE(result->output.ends_with("last\n"));
  EXPECT_NE(result->output.find("bytes of output not kept"), std::string::npos);
  EXPECT_LT(result->output.size(), kMaxOutput + 100);
}

TEST(CommandLineTest, QuotesWordsThatAreNotPlain) {
  Command command = make_command(Tool::kApt, {"apt-get", "install", "a b", "it's"}, {{"X", "1"}});
  EXPECT_EQ(command_line(command), "X=1 apt-get install 'a b' 'it'\\''s'");
}

}  // namespace
}  // namespace patchplan::deploy
