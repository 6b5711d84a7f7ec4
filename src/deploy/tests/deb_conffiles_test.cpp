// Conffiles of the lab's .debs against dpkg-deb, and dpkg's conffile decision table.
#include "deploy/deb_conffiles.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <fstream>

#include "common/tests/run_process.hpp"
#include "common/tests/test_files.hpp"
#include "deploy/tests/lab_repository.hpp"
#include "deploy/tests/sandbox_root.hpp"

namespace patchplan::deploy {
namespace {

UniqueFd open_file(const std::string& path) { return UniqueFd(::open(path.c_str(), O_RDONLY)); }

TEST(DebConffilesTest, ListAndHashesMatchDpkgDeb) {
  if (!testing::can_sandbox()) GTEST_SKIP() << testing::kNeedsRoot;
  for (const char* version : {"1.0-1", "1.1-1"}) {
    const std::string deb =
        (testing::lab_repository().dir / fmt::format("demo-svc_{}_all.deb", version)).string();
    auto conffiles = read_deb_conffiles(open_file(deb), deb);
    ASSERT_TRUE(conffiles.has_value()) << conffiles.error().message;
    auto listed = patchplan::testing::run_process({"dpkg-deb", "-I", deb, "conffiles"});
    EXPECT_EQ(listed.out, "/etc/demo-svc/demo.conf\n");
    ASSERT_EQ(conffiles->size(), 1u);
    auto content = patchplan::testing::run_process(
        {"sh", "-c", "dpkg-deb --fsys-tarfile \"$0\" | tar -xOf - ./etc/demo-svc/demo.conf", deb});
    EXPECT_EQ(conffiles->at("/etc/demo-svc/demo.conf"), md5_hex(content.out)) << version;
  }
}

TEST(DebConffilesTest, PackageWithoutConffilesHasNone) {
  if (!testing::can_sandbox()) GTEST_SKIP() << testing::kNeedsRoot;
  const std::string deb = (testing::lab_repository().dir / "demo-lib_1.0-1_all.deb").string();
  auto conffiles = read_deb_conffiles(open_file(deb), deb);
  ASSERT_TRUE(conffiles.has_value()) << conffiles.error().message;
  EXPECT_TRUE(conffiles->empty());
}

TEST(DebConffilesTest, FileThatIsNoPackageIsRefusedNamingIt) {
  patchplan::testing::TempDir dir;
  dir.write("x.deb", "not an ar archive at all, just text\n");
  const std::string path = (dir.path() / "x.deb").string();
  auto conffiles = read_deb_conffiles(open_file(path), "x.deb");
  ASSERT_FALSE(conffiles.has_value());
  EXPECT_EQ(conffiles.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(conffiles.error().message.find("'x.deb'"), std::string::npos)
      << conffiles.error().message;
}

TEST(DebConffilesTest, VerdictFollowsDpkgsDecisionTable) {
  const Conffile installed{"/etc/a.conf", "aaa"};
  // Modified locally and changed by the package: the prompt that confold answers.
  EXPECT_EQ(conffile_verdict("p", installed, "local", "new", true),
            "/etc/a.conf (p): modified locally and changed by the package: old kept (confold)");
  EXPECT_EQ(conffile_verdict("p", installed, "local", "new", false),
            "/etc/a.conf (p): modified locally and changed by the package: new installed "
            "(confnew)");
  EXPECT_EQ(conffile_verdict("p", installed, "aaa", "new", true), "");    // not modified
  EXPECT_EQ(conffile_verdict("p", installed, "local", "aaa", true), "");  // package unchanged
  EXPECT_EQ(conffile_verdict("p", installed, "new", "new", true), "");    // local = new
  EXPECT_EQ(conffile_verdict("p", installed, "", "new", true), "");       // removed: kept so
  EXPECT_EQ(conffile_verdict("p", {"/etc/a.conf", "newconffile"}, "x", "y", true), "");
}

}  // namespace
}  // namespace patchplan::deploy
