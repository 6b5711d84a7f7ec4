// End-to-end: several patchplan processes assessing into one database at once.
#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>

#include "tests/cli_fixture.hpp"

namespace patchplan::testing {
namespace {

TEST_F(CliTest, ConcurrentAssessmentsShareOneDatabaseSafely) {
  std::vector<std::future<ProcessResult>> runs;
  for (const auto& name : host_root_names()) {
    runs.push_back(std::async(std::launch::async, [&, name] {
      return patchplan({"assess", "--root", (shared_hosts() / name).string(), "--db", db(), "-q"});
    }));
  }
  for (auto& run : runs) {
    auto result = run.get();
    EXPECT_EQ(result.exit_code, 0) << result.err;
  }
  auto listing = patchplan({"journal", "--db", db(), "--json"});
  EXPECT_EQ(nlohmann::json::parse(listing.out)["entries"].size(), host_root_names().size());
  EXPECT_EQ(patchplan({"journal", "--verify", "--db", db()}).exit_code, 0);
}

}  // namespace
}  // namespace patchplan::testing
