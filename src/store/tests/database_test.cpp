#include "store/database.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "common/tests/test_files.hpp"
#include "store/transaction.hpp"

namespace patchplan::store {
namespace {

using std::chrono::seconds;

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open(path_, seconds(1));
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    db_.emplace(std::move(*opened));
    ASSERT_TRUE(db_->exec("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER, flag INTEGER)"));
  }

  std::int64_t count() { return db_->query_int("SELECT COUNT(*) FROM t").value(); }

  patchplan::testing::TempDir dir_;
  std::string path_ = (dir_.path() / "test.db").string();
  std::optional<Database> db_;
};

TEST_F(DatabaseTest, BindsTextIntegersBoolsAndNulls) {
  auto insert = db_->prepare("INSERT INTO t VALUES (?, ?, ?)");
  ASSERT_TRUE(insert.has_value());
  ASSERT_TRUE(insert->bind(std::string("a"), std::int64_t{1} << 40, true));
  ASSERT_TRUE(insert->run());
  ASSERT_TRUE(insert->bind(std::string_view(), -3, false));
  ASSERT_TRUE(insert->run());
  ASSERT_TRUE(insert->bind(std::optional<std::string>("c"), 0, std::optional<std::string>()));
  ASSERT_TRUE(insert->run());

  auto select = db_->prepare("SELECT k, n, flag, k IS NULL, flag IS NULL FROM t ORDER BY n");
  ASSERT_TRUE(select.has_value());
  ASSERT_TRUE(select->step().value());
  EXPECT_EQ(select->column_text(0), "");  // an empty view binds '', not NULL
  EXPECT_EQ(select->column_int(3), 0);
  EXPECT_EQ(select->column_int(1), -3);
  ASSERT_TRUE(select->step().value());
  EXPECT_EQ(select->column_text(0), "c");
  EXPECT_TRUE(select->column_is_null(2));
  ASSERT_TRUE(select->step().value());
  EXPECT_EQ(select->column_text(0), "a");
  EXPECT_EQ(select->column_int(1), std::int64_t{1} << 40);
  EXPECT_EQ(select->column_int(2), 1);
  EXPECT_FALSE(select->step().value());
}

TEST_F(DatabaseTest, ErrorsNameTheDatabaseAndSqliteMessage) {
  auto bad = db_->prepare("SELEC 1");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
  EXPECT_NE(bad.error().message.find("database '" + path_ + "'"), std::string::npos)
      << bad.error().message;
  EXPECT_NE(bad.error().message.find("syntax error"), std::string::npos) << bad.error().message;

  ASSERT_TRUE(db_->exec("INSERT INTO t VALUES ('a', 1, 0)"));
  auto duplicate = db_->exec("INSERT INTO t VALUES ('a', 2, 0)");
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  EXPECT_NE(duplicate.error().message.find("UNIQUE constraint failed: t.k"), std::string::npos);

  auto none = db_->query_int("SELECT n FROM t WHERE k = 'missing'");
  ASSERT_FALSE(none.has_value());
  EXPECT_NE(none.error().message.find(path_), std::string::npos);
}

TEST_F(DatabaseTest, BindingTooManyValuesFails) {
  auto insert = db_->prepare("INSERT INTO t (k) VALUES (?)");
  ASSERT_TRUE(insert.has_value());
  auto status = insert->bind(std::string("a"), 2);
  ASSERT_FALSE(status.has_value());
  EXPECT_NE(status.error().message.find("column index out of range"), std::string::npos)
      << status.error().message;
}

TEST_F(DatabaseTest, OpenOfImpossiblePathNamesIt) {
  const std::string path = (dir_.path() / "missing-dir/x.db").string();
  auto db = Database::open(path, seconds(1));
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().code, ErrorCode::kIo);
  EXPECT_NE(db.error().message.find("'" + path + "'"), std::string::npos) << db.error().message;
}

TEST_F(DatabaseTest, TransactionRollsBackUnlessCommitted) {
  {
    auto transaction = Transaction::begin(*db_);
    ASSERT_TRUE(transaction.has_value());
    EXPECT_TRUE(db_->in_transaction());
    ASSERT_TRUE(db_->exec("INSERT INTO t VALUES ('a', 1, 0)"));
  }
  EXPECT_FALSE(db_->in_transaction());
  EXPECT_EQ(count(), 0);

  auto transaction = Transaction::begin(*db_);
  ASSERT_TRUE(transaction.has_value());
  ASSERT_TRUE(db_->exec("INSERT INTO t VALUES ('a', 1, 0)"));
  ASSERT_TRUE(transaction->commit());
  EXPECT_FALSE(transaction->commit().has_value());
  EXPECT_EQ(count(), 1);
}

TEST_F(DatabaseTest, NestedScopeIsASavepointOfTheOuterTransaction) {
  auto outer = Transaction::begin(*db_);
  ASSERT_TRUE(outer.has_value());
  ASSERT_TRUE(db_->exec("INSERT INTO t VALUES ('outer', 1, 0)"));
  {
    auto failed = Transaction::begin(*db_);
    ASSERT_TRUE(failed.has_value());
    ASSERT_TRUE(db_->exec("INSERT INTO t VALUES ('undone', 2, 0)"));
  }
  EXPECT_TRUE(db_->in_transaction());
  {
    auto inner = Transaction::begin(*db_);
    ASSERT_TRUE(inner.has_value());
    ASSERT_TRUE(db_->exec("INSERT INTO t VALUES ('kept', 3, 0)"));
    ASSERT_TRUE(inner->commit());
  }
  EXPECT_TRUE(db_->in_transaction());
  EXPECT_EQ(count(), 2);
  ASSERT_TRUE(outer->commit());
  EXPECT_EQ(
      db_->query_text("SELECT group_concat(k, ',') FROM (SELECT k FROM t ORDER BY n)").value(),
      "outer,kept");
}

TEST_F(DatabaseTest, RolledBackOuterTransactionUndoesCommittedInnerScope) {
  {
    auto outer = Transaction::begin(*db_);
    ASSERT_TRUE(outer.has_value());
    auto inner = Transaction::begin(*db_);
    ASSERT_TRUE(inner.has_value());
    ASSERT_TRUE(db_->exec("INSERT INTO t VALUES ('a', 1, 0)"));
    ASSERT_TRUE(inner->commit());
  }
  EXPECT_EQ(count(), 0);
}

TEST_F(DatabaseTest, WriterWaitsForAnotherConnectionsLock) {
  auto other = Database::open(path_, seconds(5));
  ASSERT_TRUE(other.has_value());
  ASSERT_TRUE(db_->exec("BEGIN IMMEDIATE; INSERT INTO t VALUES ('first', 1, 0)"));
  std::thread holder([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    static_cast<void>(db_->exec("COMMIT"));
  });
  const auto started = std::chrono::steady_clock::now();
  auto status = other->exec("BEGIN IMMEDIATE; INSERT INTO t VALUES ('second', 2, 0); COMMIT");
  const auto waited = std::chrono::steady_clock::now() - started;
  holder.join();
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_GE(waited, std::chrono::milliseconds(90));
  EXPECT_EQ(count(), 2);
}

TEST_F(DatabaseTest, WriterGivesUpAfterTheBusyTimeout) {
  auto other = Database::open(path_, std::chrono::milliseconds(150));
  ASSERT_TRUE(other.has_value());
  ASSERT_TRUE(db_->exec("BEGIN IMMEDIATE"));
  const auto started = std::chrono::steady_clock::now();
  auto status = other->exec("BEGIN IMMEDIATE");
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kConflict);
  EXPECT_NE(status.error().message.find("database is locked"), std::string::npos)
      << status.error().message;
  EXPECT_GE(waited, std::chrono::milliseconds(150));
  EXPECT_LT(waited, seconds(3));
  ASSERT_TRUE(db_->exec("ROLLBACK"));
}

}  // namespace
}  // namespace patchplan::store
