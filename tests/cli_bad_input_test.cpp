// End-to-end: broken or hostile host data gives a clear message naming the input, never
// a crash, and never a half-written snapshot in the database.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/cli_fixture.hpp"

namespace patchplan::testing {
namespace {

namespace fs = std::filesystem;

// A writable copy of one of the shared host roots, for the test to damage.
fs::path copy_root(const TempDir& scratch, const std::string& name) {
  fs::path target = scratch.path() / name;
  fs::copy(shared_hosts() / name, target, fs::copy_options::recursive);
  return target;
}

class CliBadInputTest : public CliTest {
 protected:
  [[nodiscard]] std::size_t entries() const {
    auto listing = patchplan({"journal", "--db", db(), "--json"});
    return nlohmann::json::parse(listing.out)["entries"].size();
  }
};

TEST_F(CliBadInputTest, MissingStatusFileIsAnErrorNamingIt) {
  scratch().write("empty-host/etc/os-release", "ID=debian\n");
  auto root = (scratch().path() / "empty-host").string();
  auto result = patchplan({"assess", "--root", root, "--db", db()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find(root + "/var/lib/dpkg/status"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "one line: " << result.err;
}

TEST_F(CliBadInputTest, GarbledStanzaIsSkippedWithFileAndLine) {
  fs::path root = copy_root(scratch(), "go");
  fs::path status = root / "var/lib/dpkg/status";
  std::string text;
  {
    std::ifstream in(status);
    std::stringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  }
  text = "Package: broken\nthis line is garbage\nVersion: 1\n\n" + text;
  text +=
      "\nPackage: evil;rm -rf /\nStatus: install ok installed\nVersion: 1\n"
      "Architecture: amd64\n\nPackage: $(reboot)\nStatus: install ok installed\n"
      "Version: `id`\nArchitecture: amd64\n";
  scratch().write("go/var/lib/dpkg/status", text);
  auto result = patchplan({"assess", "--root", root.string(), "--db", db(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find(status.string() + ":2:"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("evil;rm -rf /"), std::string::npos) << result.err;
  auto doc = nlohmann::json::parse(result.out);
  EXPECT_FALSE(doc["pending_updates"].empty());
  EXPECT_GE(doc["warnings"].size(), 3u);
}

TEST_F(CliBadInputTest, CorruptIndexFailsAndWritesNoSnapshot) {
  ASSERT_EQ(patchplan({"assess", "--root", (shared_hosts() / "go").string(), "--db", db(), "-q",
                       "--host", "damaged"})
                .exit_code,
            0);
  fs::path root = copy_root(scratch(), "go");
  fs::path index =
      root / "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.xz";
  auto size = fs::file_size(index);
  fs::resize_file(index, size / 2);
  auto result = patchplan({"assess", "--root", root.string(), "--db", db(), "--host", "damaged"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find(index.string()), std::string::npos) << result.err;
  EXPECT_EQ(entries(), 1u);
  EXPECT_EQ(patchplan({"journal", "--verify", "--db", db()}).exit_code, 0);
}

TEST_F(CliBadInputTest, NonUtf8BytesGiveValidJson) {
  scratch().write("latin/var/lib/dpkg/status",
                  "Package: cafe\nStatus: install ok installed\nVersion: 1.0\n"
                  "Architecture: amd64\nMaintainer: Jos\xe9 <j@example.org>\n"
                  "Description: d\xe9j\xe0 vu\n\n"
                  "Package: caf\xe9\nStatus: install ok installed\nVersion: 1.0\n"
                  "Architecture: amd64\n");
  auto result = patchplan({"inventory", "--root", (scratch().path() / "latin").string(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto doc = nlohmann::json::parse(result.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << result.out;
  ASSERT_EQ(doc["packages"].size(), 1u);
  EXPECT_EQ(doc["packages"][0]["name"], "cafe");
  bool named_stanza = false;  // the stanza with a non-ASCII name is skipped, with its line
  for (const auto& warning : doc["warnings"]) {
    named_stanza |= warning.get<std::string>().find("status:8:") != std::string::npos;
  }
  EXPECT_TRUE(named_stanza) << doc["warnings"];
}

TEST_F(CliBadInputTest, SymlinkInRootCannotEscapeIt) {
  fs::path root = scratch().path() / "escape";
  fs::create_directories(root / "etc");
  fs::create_directories(root / "var/lib/dpkg");
  scratch().write("escape/var/lib/dpkg/status", "");
  fs::create_symlink("/etc/hostname", root / "etc/hostname");  // resolves inside root
  fs::create_symlink("/proc/self/environ", root / "etc/os-release");
  auto result = patchplan({"inventory", "--root", root.string(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto doc = nlohmann::json::parse(result.out);
  EXPECT_EQ(doc["host"]["name"], "escape");  // etc/hostname -> <root>/etc/hostname: a loop
  EXPECT_EQ(doc["host"]["os"]["id"], "");
}

TEST_F(CliBadInputTest, MissingListsFolderIsAWarningNotACrash) {
  fs::path root = copy_root(scratch(), "go");
  fs::remove_all(root / "var/lib/apt/lists");
  auto result = patchplan({"assess", "--root", root.string(), "--db", db(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("lists"), std::string::npos) << result.err;
  EXPECT_TRUE(nlohmann::json::parse(result.out)["pending_updates"].empty());
}

}  // namespace
}  // namespace patchplan::testing
