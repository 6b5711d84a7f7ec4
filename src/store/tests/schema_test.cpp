#include "store/schema.hpp"

#include <gtest/gtest.h>

#include "store/tests/store_fixture.hpp"

namespace patchplan::store {
namespace {

using testing::change;
using testing::open_test_store;

// Every table, index and trigger definition, in name order.
std::string schema_text(Database& db) {
  return db
      .query_text(
          "SELECT group_concat(sql, ';\n') FROM (SELECT sql FROM sqlite_master "
          "WHERE sql IS NOT NULL ORDER BY name)")
      .value();
}

class SchemaTest : public ::testing::Test {
 protected:
  Database open_raw(const std::string& name) {
    return Database::open((dir_.path() / name).string(), std::chrono::seconds(1)).value();
  }

  patchplan::testing::TempDir dir_;
};

TEST_F(SchemaTest, EmptyDatabaseMigratesToTheCurrentVersion) {
  Database db = open_raw("p.db");
  EXPECT_EQ(schema_version(db).value(), 0);
  ASSERT_TRUE(migrate(db));
  EXPECT_EQ(schema_version(db).value(), kSchemaVersion);
  for (const char* table : {"journal", "hosts", "assessment_snapshots", "pending_updates"}) {
    EXPECT_EQ(db.query_int(fmt::format("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                                       "AND name = '{}'",
                                       table))
                  .value(),
              1)
        << table;
  }
  const std::string once = schema_text(db);
  ASSERT_TRUE(migrate(db));  // up to date: nothing to do
  EXPECT_EQ(schema_text(db), once);
}

TEST_F(SchemaTest, EachOlderVersionMigratesToTheSameSchemaKeepingItsData) {
  Database reference = open_raw("reference.db");
  ASSERT_TRUE(migrate(reference));
  const std::string expected = schema_text(reference);

  for (int version = 0; version < kSchemaVersion; ++version) {
    SCOPED_TRACE(fmt::format("from version {}", version));
    const std::string path = (dir_.path() / fmt::format("v{}.db", version)).string();
    {
      Database old = Database::open(path, std::chrono::seconds(1)).value();
      ASSERT_TRUE(migrate(old, version));
      ASSERT_EQ(schema_version(old).value(), version);
      if (version >= 1) {  // the journal exists from version 1 on
        Journal journal(old, system_now);
        ASSERT_TRUE(journal.append(change("web1", "assess", "before the upgrade")).has_value());
      }
    }
    auto store = open_test_store(path);
    ASSERT_TRUE(store.has_value()) << store.error().message;
    EXPECT_EQ(schema_version(store->database()).value(), kSchemaVersion);
    EXPECT_EQ(schema_text(store->database()), expected);
    const auto entries = store->journal().list({}).value();
    EXPECT_EQ(entries.size(), version >= 1 ? 1u : 0u);
    EXPECT_TRUE(store->journal().verify().value().intact());
  }
}

TEST_F(SchemaTest, FailingStepLeavesTheOlderVersionWhole) {
  const std::string path = (dir_.path() / "p.db").string();
  {
    Database old = Database::open(path, std::chrono::seconds(1)).value();
    ASSERT_TRUE(migrate(old, 1));
    // A table in the way of step 2 makes that step fail half-way.
    ASSERT_TRUE(old.exec("CREATE TABLE pending_updates (x)"));
  }
  auto store = open_test_store(path);
  ASSERT_FALSE(store.has_value());
  EXPECT_NE(store.error().message.find("cannot migrate the schema to version 2"), std::string::npos)
      << store.error().message;
  EXPECT_NE(store.error().message.find("pending_updates already exists"), std::string::npos)
      << store.error().message;

  Database db = Database::open(path, std::chrono::seconds(1)).value();
  EXPECT_EQ(schema_version(db).value(), 1);
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('hosts', "
                         "'assessment_snapshots')")
                .value(),
            0);
}

TEST_F(SchemaTest, UnknownTargetVersionIsRefused) {
  Database db = open_raw("p.db");
  EXPECT_FALSE(migrate(db, kSchemaVersion + 1).has_value());
  EXPECT_FALSE(migrate(db, -1).has_value());
  EXPECT_EQ(schema_version(db).value(), 0);
}

TEST_F(SchemaTest, NewerDatabaseIsRefusedByMigrate) {
  Database db = open_raw("p.db");
  ASSERT_TRUE(db.exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion + 3)));
  auto status = migrate(db);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kConflict);
  EXPECT_EQ(schema_version(db).value(), kSchemaVersion + 3);
}

}  // namespace
}  // namespace patchplan::store
