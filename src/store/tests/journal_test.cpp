#include "store/journal.hpp"

#include <gtest/gtest.h>

#include "store/sha256.hpp"
#include "store/tests/store_fixture.hpp"
#include "store/transaction.hpp"

namespace patchplan::store {
namespace {

using testing::at;
using testing::change;
using testing::kTestActor;
using JournalTest = testing::StoreFixture;

TEST_F(JournalTest, AppendLinksEntriesIntoAChain) {
  auto first = store().journal().append(change("web1", "assess"));
  auto second = store().journal().append(change("web1", "plan.approve", "monthly window"));
  ASSERT_TRUE(first.has_value()) << first.error().message;
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(first->id, 1);
  EXPECT_EQ(first->prev_hash, kGenesisHash);
  EXPECT_EQ(first->hash, journal_entry_hash(*first));
  EXPECT_EQ(first->time, at("2026-12-04T10:00:00.000Z"));
  EXPECT_EQ(second->id, 2);
  EXPECT_EQ(second->prev_hash, first->hash);
  EXPECT_EQ(second->hash, journal_entry_hash(*second));
  EXPECT_EQ(second->time, at("2026-12-04T10:00:01.000Z"));
}

TEST_F(JournalTest, StoredEntryReadsBackAsAppended) {
  JournalChange c = change("web1", "deploy.start", "CVE-2026-1 in openssl");
  c.before_digest = sha256_hex("before");
  c.after_digest = sha256_hex("after");
  c.details = R"({ "packages" : ["openssl", "libssl3"], "ring": 1 })";
  auto appended = store().journal().append(c);
  ASSERT_TRUE(appended.has_value()) << appended.error().message;
  EXPECT_EQ(appended->change.details, R"({"packages":["openssl","libssl3"],"ring":1})");

  auto listed = store().journal().list({});
  ASSERT_TRUE(listed.has_value()) << listed.error().message;
  ASSERT_EQ(listed->size(), 1u);
  const JournalEntry& stored = listed->front();
  EXPECT_EQ(stored.id, appended->id);
  EXPECT_EQ(stored.time, appended->time);
  EXPECT_EQ(stored.change.actor.user, kTestActor.user);
  EXPECT_EQ(stored.change.actor.uid, kTestActor.uid);
  EXPECT_EQ(stored.change.actor.tool, kTestActor.tool);
  EXPECT_EQ(stored.change.host, "web1");
  EXPECT_EQ(stored.change.action, "deploy.start");
  EXPECT_EQ(stored.change.reason, "CVE-2026-1 in openssl");
  EXPECT_EQ(stored.change.before_digest, c.before_digest);
  EXPECT_EQ(stored.change.after_digest, c.after_digest);
  EXPECT_EQ(stored.change.details, appended->change.details);
  EXPECT_EQ(stored.prev_hash, appended->prev_hash);
  EXPECT_EQ(stored.hash, appended->hash);
}

// The expected value was computed outside patchplan, over the documented encoding:
//   printf 'patchplan-journal-v1\nid=1:1\ntime=24:2026-12-04T15:05:24.123Z\n...' | sha256sum
TEST(JournalHashTest, MatchesTheDocumentedEncoding) {
  JournalEntry entry;
  entry.id = 1;
  entry.time = at("2026-12-04T15:05:24.123Z");
  entry.change = JournalChange{
      Actor{"alice", 1000, "patchplan"}, "web1", "plan.approve", "monthly window", "", "", "{}"};
  entry.prev_hash = kGenesisHash;
  EXPECT_EQ(journal_entry_hash(entry),
            "d114785dc396a93fe3177a38003cf893f6bc7caa123d399ac76b2f7e2684d4b9");
}

TEST(JournalHashTest, EveryFieldAndFieldBoundaryChangesTheHash) {
  JournalEntry base;
  base.id = 7;
  base.time = at("2026-12-04T15:05:24.123Z");
  base.change = JournalChange{Actor{"alice", 1000, "patchplan"},
                              "web1",
                              "assess",
                              "r",
                              sha256_hex("a"),
                              sha256_hex("b"),
                              "{}"};
  base.prev_hash = sha256_hex("p");
  const std::string original = journal_entry_hash(base);

  std::vector<JournalEntry> variants(14, base);
  variants[0].id = 8;
  variants[1].time += std::chrono::milliseconds(1);
  variants[2].change.actor.user = "bob";
  variants[3].change.actor.uid = 1001;
  variants[4].change.actor.tool = "other";
  variants[5].change.host = "web2";
  variants[6].change.action = "plan";
  variants[7].change.reason = "s";
  variants[8].change.before_digest = "";
  variants[9].change.after_digest = "";
  variants[10].change.details = "[]";
  variants[11].prev_hash = kGenesisHash;
  // The same bytes split differently between two fields must not collide.
  variants[12].change.host = "web1r";
  variants[12].change.reason = "";
  variants[13].change.actor.user = "alic";
  variants[13].change.actor.tool = "epatchplan";
  for (std::size_t i = 0; i < variants.size(); ++i) {
    EXPECT_NE(journal_entry_hash(variants[i]), original) << "variant " << i;
  }
}

TEST_F(JournalTest, InvalidChangesAreRefusedAndNothingIsWritten) {
  std::vector<JournalChange> bad(8, change("web1", "assess"));
  bad[0].action = "";
  bad[1].action = "Plan.Approve";
  bad[2].action = "plan approve";
  bad[3].actor.user = "";
  bad[4].actor.tool = "";
  bad[5].before_digest = "abc";
  bad[6].after_digest = std::string(64, 'A');
  bad[7].details = "{not json";
  for (const JournalChange& c : bad) {
    auto appended = store().journal().append(c);
    ASSERT_FALSE(appended.has_value()) << c.action;
    EXPECT_EQ(appended.error().code, ErrorCode::kInvalidInput) << appended.error().message;
  }
  EXPECT_TRUE(store().journal().list({}).value().empty());
}

TEST_F(JournalTest, TriggersRefuseUpdateAndDelete) {
  ASSERT_TRUE(store().journal().append(change("web1", "assess")).has_value());
  for (const char* sql : {"UPDATE journal SET reason = 'x'", "DELETE FROM journal"}) {
    auto status = db().exec(sql);
    ASSERT_FALSE(status.has_value()) << sql;
    EXPECT_NE(status.error().message.find("append-only"), std::string::npos);
  }
}

TEST_F(JournalTest, SecondEntryOnTheSamePredecessorIsRefused) {
  auto first = store().journal().append(change("web1", "assess"));
  ASSERT_TRUE(first.has_value());
  // A writer that bypassed append() and linked to the genesis again would fork the chain.
  auto fork = db().exec(fmt::format(
      "INSERT INTO journal (time, actor_user, actor_uid, actor_tool, host, action, reason, "
      "before_digest, after_digest, details, prev_hash, hash) VALUES ('2026-12-04T10:00:00.000Z', "
      "'mallory', 0, 'x', 'web1', 'assess', '', '', '', '{{}}', '{}', '{}')",
      kGenesisHash, sha256_hex("fork")));
  ASSERT_FALSE(fork.has_value());
  EXPECT_EQ(fork.error().code, ErrorCode::kConflict);
  EXPECT_NE(fork.error().message.find("journal.prev_hash"), std::string::npos);
}

TEST_F(JournalTest, AppendInsideCallersTransactionIsUndoneWithIt) {
  {
    auto transaction = Transaction::begin(db());
    ASSERT_TRUE(transaction.has_value());
    ASSERT_TRUE(store().journal().append(change("web1", "plan.create")).has_value());
    EXPECT_TRUE(db().in_transaction());
  }
  EXPECT_TRUE(store().journal().list({}).value().empty());
  auto after = store().journal().append(change("web1", "plan.create"));
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->id, 1);
  EXPECT_TRUE(store().journal().verify().value().intact());
}

TEST_F(JournalTest, ListFiltersByHostTimeAndLimit) {
  // The fixture's clock gives entry n the time 10:00:0(n-1).
  for (const char* host : {"web1", "web2", "web1", "db1", "web1"}) {
    ASSERT_TRUE(store().journal().append(change(host, "assess")).has_value());
  }
  auto ids = [&](std::optional<std::string> host, std::optional<Timestamp> since,
                 std::optional<std::int64_t> limit) {
    JournalFilter filter;
    filter.host = std::move(host);
    filter.since = since;
    filter.limit = limit;
    const auto entries = store().journal().list(filter).value();
    std::vector<std::int64_t> result;
    for (const JournalEntry& e : entries) result.push_back(e.id);
    return result;
  };
  using Ids = std::vector<std::int64_t>;
  const auto none = std::nullopt;
  EXPECT_EQ(ids(none, none, none), (Ids{1, 2, 3, 4, 5}));
  EXPECT_EQ(ids("web1", none, none), (Ids{1, 3, 5}));
  EXPECT_EQ(ids("nowhere", none, none), Ids{});
  EXPECT_EQ(ids(none, at("2026-12-04T10:00:02.000Z"), none), (Ids{3, 4, 5}));
  EXPECT_EQ(ids(none, none, 2), (Ids{4, 5}));
  EXPECT_EQ(ids(none, none, 0), Ids{});
  EXPECT_EQ(ids("web1", at("2026-12-04T10:00:01.500Z"), 1), (Ids{5}));
  EXPECT_EQ(ids("web1", at("2026-12-04T10:00:01.500Z"), none), (Ids{3, 5}));
}

}  // namespace
}  // namespace patchplan::store
