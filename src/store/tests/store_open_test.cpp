#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/database_path.hpp"
#include "store/schema.hpp"
#include "store/store.hpp"
#include "store/tests/store_fixture.hpp"

namespace patchplan::store {
namespace {

using testing::change;
using testing::open_test_store;

unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

std::string bytes_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Sets the process umask for one scope.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : previous_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(previous_); }

 private:
  mode_t previous_;
};

TEST(StoreOpenTest, CreatesPrivateDirectoriesAndFilesWhateverTheUmask) {
  patchplan::testing::TempDir dir;
  const auto path = dir.path() / "a/b/patchplan.db";
  {
    ScopedUmask permissive(0);
    auto store = open_test_store(path.string());
    ASSERT_TRUE(store.has_value()) << store.error().message;
    ASSERT_TRUE(store->journal().append(change("web1", "assess")).has_value());
    EXPECT_EQ(mode_of(dir.path() / "a"), 0700u);
    EXPECT_EQ(mode_of(dir.path() / "a/b"), 0700u);
    EXPECT_EQ(mode_of(path), 0600u);
    ASSERT_TRUE(std::filesystem::exists(path.string() + "-wal"));
    EXPECT_EQ(mode_of(path.string() + "-wal"), 0600u);
    EXPECT_EQ(mode_of(path.string() + "-shm"), 0600u);
  }
}

TEST(StoreOpenTest, UsesWalAndForeignKeys) {
  patchplan::testing::TempDir dir;
  auto store = open_test_store((dir.path() / "p.db").string());
  ASSERT_TRUE(store.has_value()) << store.error().message;
  Database& db = store->database();
  EXPECT_EQ(db.query_text("PRAGMA journal_mode").value(), "wal");
  EXPECT_EQ(db.query_int("PRAGMA foreign_keys").value(), 1);
  EXPECT_EQ(schema_version(db).value(), kSchemaVersion);
}

TEST(StoreOpenTest, ReopenKeepsDataAndSchema) {
  patchplan::testing::TempDir dir;
  const std::string path = (dir.path() / "p.db").string();
  {
    auto store = open_test_store(path);
    ASSERT_TRUE(store.has_value());
    ASSERT_TRUE(store->journal().append(change("web1", "assess")).has_value());
  }
  auto store = open_test_store(path);
  ASSERT_TRUE(store.has_value()) << store.error().message;
  EXPECT_EQ(store->journal().list({}).value().size(), 1u);
  EXPECT_TRUE(store->journal().verify().value().intact());
}

TEST(StoreOpenTest, FileThatIsNotSqliteIsRefusedByName) {
  patchplan::testing::TempDir dir;
  std::string text;
  for (int i = 0; i < 200; ++i) text += "Package: not-a-database\n";
  const auto path = dir.write("p.db", text);
  auto store = open_test_store(path.string());
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(store.error().message.find("'" + path.string() + "'"), std::string::npos)
      << store.error().message;
  EXPECT_NE(store.error().message.find("file is not a database"), std::string::npos)
      << store.error().message;
  EXPECT_EQ(bytes_of(path), text);
}

TEST(StoreOpenTest, NewerSchemaIsRefusedAndTheFileLeftAsItWas) {
  patchplan::testing::TempDir dir;
  const auto path = dir.path() / "p.db";
  {
    auto db = Database::open(path.string(), std::chrono::seconds(1));
    ASSERT_TRUE(db.has_value());
    ASSERT_TRUE(db->exec(
        fmt::format("CREATE TABLE future (x); PRAGMA user_version = {}", kSchemaVersion + 1)));
  }
  const std::string before = bytes_of(path);

  auto store = open_test_store(path.string());
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kConflict);
  EXPECT_NE(store.error().message.find(fmt::format("schema version {}, newer than this patchplan "
                                                   "knows ({})",
                                                   kSchemaVersion + 1, kSchemaVersion)),
            std::string::npos)
      << store.error().message;
  EXPECT_NE(store.error().message.find(path.string()), std::string::npos);
  EXPECT_EQ(bytes_of(path), before);
  EXPECT_FALSE(std::filesystem::exists(path.string() + "-wal"));
}

TEST(StoreOpenTest, EmptyPathIsRefused) {
  auto store = open_test_store("");
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidInput);
}

TEST(StoreOpenTest, ParentThatIsAFileIsAnErrorNamingIt) {
  patchplan::testing::TempDir dir;
  const auto file = dir.write("plain", "x");
  auto store = open_test_store((file / "p.db").string());
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kIo);
  EXPECT_NE(store.error().message.find("'" + file.string() + "'"), std::string::npos)
      << store.error().message;
}

TEST(StoreOpenTest, DirectoryWithoutWritePermissionIsAnErrorNamingIt) {
  if (::geteuid() == 0) GTEST_SKIP() << "root bypasses directory permissions";
  patchplan::testing::TempDir dir;
  const auto locked = dir.path() / "locked";
  std::filesystem::create_directory(locked);
  std::filesystem::permissions(
      locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  auto store = open_test_store((locked / "p.db").string());
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kIo);
  EXPECT_NE(store.error().message.find("permission denied"), std::string::npos)
      << store.error().message;
}

TEST(DatabasePathTest, RootUsesVarLib) {
  EXPECT_EQ(detail::database_path_for(0, "/x", "/root", "/root").value(),
            "/var/lib/patchplan/patchplan.db");
}

TEST(DatabasePathTest, UserUsesXdgStateHomeOrItsDefault) {
  EXPECT_EQ(detail::database_path_for(1000, "/s", "/home/a", "/home/p").value(),
            "/s/patchplan/patchplan.db");
  EXPECT_EQ(detail::database_path_for(1000, nullptr, "/home/a", "/home/p").value(),
            "/home/a/.local/state/patchplan/patchplan.db");
  EXPECT_EQ(detail::database_path_for(1000, "", "/home/a", "/home/p").value(),
            "/home/a/.local/state/patchplan/patchplan.db");
  // A relative XDG_STATE_HOME or HOME is invalid (XDG Base Directory Specification).
  EXPECT_EQ(detail::database_path_for(1000, "rel", "/home/a", "/home/p").value(),
            "/home/a/.local/state/patchplan/patchplan.db");
  EXPECT_EQ(detail::database_path_for(1000, nullptr, "rel", "/home/p").value(),
            "/home/p/.local/state/patchplan/patchplan.db");
}

TEST(DatabasePathTest, UserWithoutAnyHomeIsNotFound) {
  auto path = detail::database_path_for(1000, nullptr, nullptr, "");
  ASSERT_FALSE(path.has_value());
  EXPECT_EQ(path.error().code, ErrorCode::kNotFound);
}

TEST(DatabasePathTest, DefaultFollowsThisProcess) {
  auto path = default_database_path();
  ASSERT_TRUE(path.has_value()) << path.error().message;
  if (::geteuid() == 0) {
    EXPECT_EQ(*path, "/var/lib/patchplan/patchplan.db");
  } else {
    EXPECT_TRUE(path->ends_with("/patchplan/patchplan.db")) << *path;
  }
}

}  // namespace
}  // namespace patchplan::store
