// End-to-end tests of the patchplan command line: commands, global options, exit codes,
// output forms and the state they leave.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "tests/cli_fixture.hpp"

namespace patchplan::testing {
namespace {

std::string root_of(const std::string& name) { return (shared_hosts() / name).string(); }

TEST_F(CliTest, HelpListsEveryCommand) {
  auto result = patchplan({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* command : {"assess", "inventory", "version", "journal"}) {
    EXPECT_NE(result.out.find(command), std::string::npos) << command << "\n" << result.out;
  }
}

TEST_F(CliTest, VersionFlagPrintsTheVersion) {
  auto result = patchplan({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("0.1.0"), std::string::npos);
}

TEST_F(CliTest, UnknownCommandOrOptionIsAUsageError) {
  EXPECT_EQ(patchplan({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(patchplan({"assess", "--no-such-option"}).exit_code, 2);
  EXPECT_EQ(patchplan({}).exit_code, 2);
  auto bad_debug = patchplan({"--debug=nonsense", "inventory", "--root", root_of("go")});
  EXPECT_EQ(bad_debug.exit_code, 2);
  EXPECT_NE(bad_debug.err.find("unknown debug category 'nonsense'"), std::string::npos);
}

TEST_F(CliTest, GlobalOptionsWorkBeforeAndAfterTheCommand) {
  auto before = patchplan({"--root", root_of("go"), "--db", db(), "--json", "assess"});
  auto after = patchplan({"assess", "--root", root_of("go"), "--db", db(), "--json"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  ASSERT_EQ(after.exit_code, 0) << after.err;
  auto a = nlohmann::json::parse(before.out);
  auto b = nlohmann::json::parse(after.out);
  EXPECT_EQ(a["pending_updates"].size(), b["pending_updates"].size());
  EXPECT_EQ(a["host"]["name"], "go");
}

TEST_F(CliTest, AssessJsonHasTheDocumentedShape) {
  auto result = patchplan({"assess", "--root", root_of("builder-cpp"), "--db", db(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto doc = nlohmann::json::parse(result.out);
  EXPECT_EQ(doc["schema_version"], 1);
  EXPECT_EQ(doc["kind"], "assessment");
  EXPECT_EQ(doc["host"]["os"]["id"], "debian");
  EXPECT_EQ(doc["host"]["os"]["version_codename"], "bookworm");
  EXPECT_EQ(doc["host"]["architectures"]["native"], "amd64");
  ASSERT_FALSE(doc["pending_updates"].empty());
  std::size_t security = 0;
  for (const auto& update : doc["pending_updates"]) {
    for (const char* key : {"package", "architecture", "installed_version", "candidate_version",
                            "source", "origins", "security", "priority", "pending_since"}) {
      EXPECT_TRUE(update.contains(key)) << key;
    }
    if (update["security"].get<bool>()) {
      ++security;
      EXPECT_EQ(update["priority"], "important");
    }
  }
  EXPECT_EQ(doc["summary"]["security"], security);
  EXPECT_EQ(doc["summary"]["pending"], doc["pending_updates"].size());
  EXPECT_TRUE(doc["changes"].is_null());  // the first snapshot of this host
}

TEST_F(CliTest, SecondAssessmentReportsChangesAgainstTheFirst) {
  ASSERT_EQ(patchplan({"assess", "--root", root_of("rust"), "--db", db()}).exit_code, 0);
  auto second = patchplan({"assess", "--root", root_of("rust"), "--db", db(), "--json"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  auto doc = nlohmann::json::parse(second.out);
  ASSERT_TRUE(doc["changes"].is_object());
  EXPECT_TRUE(doc["changes"]["appeared"].empty());
  EXPECT_TRUE(doc["changes"]["resolved"].empty());
  auto human = patchplan({"assess", "--root", root_of("rust"), "--db", db()});
  EXPECT_NE(human.out.find("no change since"), std::string::npos) << human.out;
}

TEST_F(CliTest, DatabaseIsCreatedPrivate) {
  ASSERT_EQ(patchplan({"assess", "--root", root_of("go"), "--db", db(), "-q"}).exit_code, 0);
  struct stat st {};
  ASSERT_EQ(::stat(db().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(CliTest, EveryAssessmentIsJournaledAndTheChainVerifies) {
  ASSERT_EQ(patchplan({"assess", "--root", root_of("go"), "--db", db(), "-q"}).exit_code, 0);
  ASSERT_EQ(patchplan({"assess", "--root", root_of("cpp"), "--db", db(), "-q"}).exit_code, 0);
  auto listing = patchplan({"journal", "--db", db(), "--json"});
  ASSERT_EQ(listing.exit_code, 0) << listing.err;
  auto doc = nlohmann::json::parse(listing.out);
  ASSERT_EQ(doc["entries"].size(), 2u);
  EXPECT_EQ(doc["entries"][0]["action"], "assess");
  EXPECT_EQ(doc["entries"][1]["host"], "cpp");
  auto verify = patchplan({"journal", "--verify", "--db", db()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("journal intact: 2 entries"), std::string::npos);
}

TEST_F(CliTest, HostIsNamedByOverrideThenEtcHostnameThenFolder) {
  auto json_name = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--json"});
    auto result = patchplan(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out)["host"]["name"].get<std::string>();
  };
  EXPECT_EQ(json_name({"inventory", "--root", root_of("dotnet")}), "dotnet");
  EXPECT_EQ(json_name({"inventory", "--root", root_of("dotnet"), "--host", "web-7"}), "web-7");
  scratch().write("named/etc/hostname", "db-primary\n");
  scratch().write("named/var/lib/dpkg/status", "");
  EXPECT_EQ(json_name({"inventory", "--root", (scratch().path() / "named").string()}),
            "db-primary");
}

TEST_F(CliTest, VersionCompareSingleAndBatch) {
  auto single = patchplan({"version", "compare", "--ecosystem", "deb", "1.0~rc1", "1.0"});
  EXPECT_EQ(single.exit_code, 0);
  EXPECT_EQ(single.out, "<\n");
  EXPECT_EQ(patchplan({"version", "compare", "1:0", "9"}).out, ">\n");
  EXPECT_EQ(patchplan({"version", "compare", "1.002", "1.2"}).out, "=\n");
  ProcessOptions input;
  input.stdin_text = "1.0\t1.0-1\n2:1\t1:9\n1.0\t1.0\n";
  auto batch = patchplan({"version", "compare", "--batch"}, input);
  EXPECT_EQ(batch.exit_code, 0);
  EXPECT_EQ(batch.out, "-1\n1\n0\n");
}

TEST_F(CliTest, VersionCompareRefusesInvalidVersions) {
  auto invalid = patchplan({"version", "compare", "1;rm -rf /", "2"});
  EXPECT_EQ(invalid.exit_code, 1);
  EXPECT_NE(invalid.err.find("invalid version '1;rm -rf /'"), std::string::npos) << invalid.err;
  EXPECT_EQ(patchplan({"version", "compare", "", "1"}).exit_code, 2);
  ProcessOptions input;
  input.stdin_text = "1\t2\nnot-a-pair\n";
  auto batch = patchplan({"version", "compare", "--batch"}, input);
  EXPECT_EQ(batch.exit_code, 1);
  EXPECT_EQ(batch.out, "-1\n");
  EXPECT_NE(batch.err.find("stdin:2"), std::string::npos) << batch.err;
  EXPECT_EQ(patchplan({"version", "compare", "--ecosystem", "rpm", "1", "2"}).exit_code, 2);
}

TEST_F(CliTest, OutputToAPipeHasNoColour) {
  auto result = patchplan({"assess", "--root", root_of("go"), "--db", db()});
  ASSERT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out.find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace patchplan::testing
