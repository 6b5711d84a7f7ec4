#include "store/assessment_history.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/sha256.hpp"
#include "store/tests/store_fixture.hpp"
#include "store/transaction.hpp"

namespace patchplan::store {
namespace {

using testing::at;
using AssessmentHistoryTest = testing::StoreFixture;

PendingUpdate update(std::string package, std::string installed, std::string candidate,
                     bool security = false) {
  return PendingUpdate{std::move(package),
                       "amd64",
                       std::move(installed),
                       std::move(candidate),
                       "src",
                       security ? "bookworm-security" : "bookworm",
                       security};
}

std::string document(int packages) {
  return fmt::format(R"({{ "schema_version": 1, "host": "web1", "packages": {} }})", packages);
}

std::int64_t count(Database& db, std::string_view table) {
  return db.query_int(fmt::format("SELECT COUNT(*) FROM {}", table)).value();
}

TEST_F(AssessmentHistoryTest, RecordsSnapshotRowsAndJournalEntryTogether) {
  const std::vector<PendingUpdate> pending = {
      update("openssl", "3.0.15-1~deb12u1", "3.0.17-1~deb12u2", true),
      update("curl", "7.88.1-10+deb12u8", "7.88.1-10+deb12u12")};
  auto recorded = store().assessments().record_assessment("web1", at("2026-12-01T02:00:00.000Z"),
                                                          document(845), pending, "monthly");
  ASSERT_TRUE(recorded.has_value()) << recorded.error().message;

  auto latest = store().assessments().latest_assessment("web1");
  ASSERT_TRUE(latest.has_value()) << latest.error().message;
  ASSERT_TRUE(latest->has_value());
  const AssessmentSnapshot& snapshot = **latest;
  EXPECT_EQ(snapshot.id, recorded->snapshot_id);
  EXPECT_EQ(snapshot.host, "web1");
  EXPECT_EQ(snapshot.taken_at, at("2026-12-01T02:00:00.000Z"));
  EXPECT_EQ(snapshot.schema_version, 1);
  EXPECT_EQ(snapshot.document, R"({"host":"web1","packages":845,"schema_version":1})");
  EXPECT_EQ(snapshot.digest, sha256_hex(snapshot.document));
  EXPECT_EQ(snapshot.pending, (std::vector<PendingUpdate>{pending[1], pending[0]}));  // sorted

  const JournalEntry& entry = recorded->journal_entry;
  EXPECT_EQ(entry.change.action, "assess");
  EXPECT_EQ(entry.change.host, "web1");
  EXPECT_EQ(entry.change.reason, "monthly");
  EXPECT_EQ(entry.change.actor.user, testing::kTestActor.user);
  EXPECT_EQ(entry.change.before_digest, "");
  EXPECT_EQ(entry.change.after_digest, snapshot.digest);
  const auto details = nlohmann::json::parse(entry.change.details);
  EXPECT_EQ(details.at("snapshot_id"), snapshot.id);
  EXPECT_EQ(details.at("pending"), 2);
  EXPECT_EQ(details.at("security"), 1);
  EXPECT_EQ(details.at("taken_at"), "2026-12-01T02:00:00.000Z");
}

TEST_F(AssessmentHistoryTest, NextSnapshotJournalsThePreviousDigestAsBefore) {
  auto& history = store().assessments();
  auto first = history.record_assessment("web1", at("2026-11-01T02:00:00.000Z"), document(1), {});
  auto other = history.record_assessment("db1", at("2026-11-15T02:00:00.000Z"), document(9), {});
  auto second = history.record_assessment("web1", at("2026-12-01T02:00:00.000Z"), document(2), {});
  ASSERT_TRUE(first && other && second);
  const auto first_snapshot = history.latest_assessment("db1").value();
  EXPECT_EQ(second->journal_entry.change.before_digest,
            history.previous_assessment("web1", second->snapshot_id).value()->digest);
  EXPECT_EQ(second->journal_entry.change.before_digest, first->journal_entry.change.after_digest);
  EXPECT_NE(second->journal_entry.change.before_digest, second->journal_entry.change.after_digest);

  EXPECT_EQ(history.previous_assessment("web1", second->snapshot_id).value()->id,
            first->snapshot_id);
  EXPECT_FALSE(history.previous_assessment("web1", first->snapshot_id).value().has_value());
  EXPECT_EQ(history.latest_assessment("web1").value()->id, second->snapshot_id);
  EXPECT_EQ(first_snapshot->id, other->snapshot_id);
  EXPECT_FALSE(history.latest_assessment("never-seen").value().has_value());
  EXPECT_TRUE(store().journal().verify().value().intact());
}

TEST_F(AssessmentHistoryTest, EachLatestAssessmentWalksTheNewestSnapshotOfEveryHostByName) {
  auto history = store().assessments();
  ASSERT_TRUE(history.record_assessment("web1", at("2026-11-01T02:00:00.000Z"), document(1), {}));
  ASSERT_TRUE(history.record_assessment("db1", at("2026-11-15T02:00:00.000Z"), document(9), {}));
  ASSERT_TRUE(history.record_assessment("web1", at("2026-12-01T02:00:00.000Z"), document(2), {}));
  std::vector<std::string> seen;
  auto walked = history.each_latest_assessment([&](const AssessmentSnapshot& s) -> Status {
    seen.push_back(fmt::format("{} {} {}", s.host, format_timestamp(s.taken_at), s.document));
    EXPECT_EQ(s.digest, sha256_hex(s.document));
    return ok();
  });
  ASSERT_TRUE(walked) << walked.error().message;
  EXPECT_EQ(seen,
            (std::vector<std::string>{fmt::format("db1 2026-11-15T02:00:00.000Z {}",
                                                  nlohmann::json::parse(document(9)).dump()),
                                      fmt::format("web1 2026-12-01T02:00:00.000Z {}",
                                                  nlohmann::json::parse(document(2)).dump())}));
  // The first error of the callback stops the walk and is returned.
  int calls = 0;
  auto stopped = history.each_latest_assessment([&](const AssessmentSnapshot&) -> Status {
    ++calls;
    return make_error(ErrorCode::kInvalidInput, "stop");
  });
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().message, "stop");
  EXPECT_EQ(calls, 1);
}

TEST_F(AssessmentHistoryTest, FailureBeforeTheJournalEntryLeavesNothingWritten) {
  auto& history = store().assessments();
  ASSERT_TRUE(history.record_assessment("web1", at("2026-11-01T02:00:00.000Z"), document(1),
                                        {update("curl", "1", "2")}));
  // A real failure between the snapshot insert and the journal insert: a connection-local
  // trigger makes the journal refuse the entry after the snapshot rows went in.
  ASSERT_TRUE(
      db().exec("CREATE TEMP TRIGGER fail_journal BEFORE INSERT ON main.journal "
                "BEGIN SELECT RAISE(ABORT, 'injected journal failure'); END"));
  std::vector<PendingUpdate> pending;
  for (int i = 0; i < 50; ++i) pending.push_back(update(fmt::format("pkg{}", i), "1", "2"));
  auto failed =
      history.record_assessment("web2", at("2026-12-01T02:00:00.000Z"), document(50), pending);
  ASSERT_FALSE(failed.has_value());
  EXPECT_NE(failed.error().message.find("injected journal failure"), std::string::npos)
      << failed.error().message;
  EXPECT_NE(failed.error().message.find("host 'web2'"), std::string::npos);
  EXPECT_FALSE(db().in_transaction());

  EXPECT_EQ(count(db(), "hosts"), 1);
  EXPECT_EQ(count(db(), "assessment_snapshots"), 1);
  EXPECT_EQ(count(db(), "pending_updates"), 1);
  EXPECT_EQ(count(db(), "journal"), 1);
  EXPECT_FALSE(history.latest_assessment("web2").value().has_value());

  ASSERT_TRUE(db().exec("DROP TRIGGER temp.fail_journal"));
  ASSERT_TRUE(
      history.record_assessment("web2", at("2026-12-01T02:00:00.000Z"), document(50), pending));
  EXPECT_EQ(count(db(), "pending_updates"), 51);
  EXPECT_TRUE(store().journal().verify().value().intact());
}

TEST_F(AssessmentHistoryTest, DuplicatePendingUpdateRollsBackAndNamesThePackage) {
  auto failed =
      store().assessments().record_assessment("web1", at("2026-12-01T02:00:00.000Z"), document(2),
                                              {update("curl", "1", "2"), update("curl", "1", "3")});
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kConflict);
  EXPECT_NE(failed.error().message.find("'curl:amd64'"), std::string::npos)
      << failed.error().message;
  EXPECT_EQ(count(db(), "assessment_snapshots"), 0);
  EXPECT_EQ(count(db(), "journal"), 0);
}

TEST_F(AssessmentHistoryTest, SnapshotOlderThanTheLatestIsRefused) {
  auto& history = store().assessments();
  ASSERT_TRUE(history.record_assessment("web1", at("2026-12-01T02:00:00.000Z"), document(1), {}));
  auto older = history.record_assessment("web1", at("2026-11-30T02:00:00.000Z"), document(1), {});
  ASSERT_FALSE(older.has_value());
  EXPECT_EQ(older.error().code, ErrorCode::kConflict);
  EXPECT_NE(older.error().message.find("2026-11-30T02:00:00.000Z"), std::string::npos)
      << older.error().message;
  EXPECT_TRUE(history.record_assessment("web1", at("2026-12-01T02:00:00.000Z"), document(2), {}));
  EXPECT_TRUE(history.record_assessment("db1", at("2026-11-01T02:00:00.000Z"), document(1), {}));
}

TEST_F(AssessmentHistoryTest, BadInputIsRefusedBeforeAnyWrite) {
  auto& history = store().assessments();
  const Timestamp when = at("2026-12-01T02:00:00.000Z");
  const std::vector<std::pair<std::string, std::string>> bad_documents = {
      {"not json", "{"},
      {"not an object", "[1, 2]"},
      {"no version", R"({"host": "web1"})"},
      {"text version", R"({"schema_version": "1"})"},
      {"zero version", R"({"schema_version": 0})"},
      {"fraction version", R"({"schema_version": 1.5})"},
  };
  for (const auto& [what, text] : bad_documents) {
    auto recorded = history.record_assessment("web1", when, text, {});
    ASSERT_FALSE(recorded.has_value()) << what;
    EXPECT_EQ(recorded.error().code, ErrorCode::kInvalidInput) << what;
    EXPECT_NE(recorded.error().message.find("'web1'"), std::string::npos) << what;
  }
  EXPECT_FALSE(history.record_assessment("", when, document(1), {}).has_value());
  PendingUpdate nameless = update("", "1", "2");
  PendingUpdate no_candidate = update("curl", "1", "");
  EXPECT_FALSE(history.record_assessment("web1", when, document(1), {nameless}).has_value());
  EXPECT_FALSE(history.record_assessment("web1", when, document(1), {no_candidate}).has_value());
  EXPECT_EQ(count(db(), "hosts"), 0);
  EXPECT_EQ(count(db(), "journal"), 0);
}

TEST_F(AssessmentHistoryTest, RecordJoinsTheCallersTransaction) {
  {
    auto transaction = Transaction::begin(db());
    ASSERT_TRUE(transaction.has_value());
    ASSERT_TRUE(store().assessments().record_assessment("web1", at("2026-12-01T02:00:00.000Z"),
                                                        document(1), {update("curl", "1", "2")}));
  }
  EXPECT_EQ(count(db(), "assessment_snapshots"), 0);
  EXPECT_EQ(count(db(), "journal"), 0);
}

}  // namespace
}  // namespace patchplan::store
