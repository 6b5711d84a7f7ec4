#include <gtest/gtest.h>

#include <cctype>

#include "store/journal.hpp"
#include "store/tests/store_fixture.hpp"

namespace patchplan::store {
namespace {

using testing::change;

// A journal of five entries, tampered with the way someone with write access to the file
// could: with the append-only triggers dropped first, as verify must not rely on them.
class JournalVerifyTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    for (int i = 1; i <= 5; ++i) {
      auto entry = store().journal().append(change("web1", "assess", fmt::format("run {}", i)));
      ASSERT_TRUE(entry.has_value()) << entry.error().message;
      entries_.push_back(std::move(*entry));
    }
  }

  // Runs `sql` against the journal, then verifies it.
  ChainVerification verify_after(const std::string& sql) {
    auto status = db().exec(
        "DROP TRIGGER IF EXISTS journal_no_update; DROP TRIGGER IF EXISTS journal_no_delete; " +
        sql);
    EXPECT_TRUE(status.has_value()) << sql << ": " << status.error().message;
    auto result = store().journal().verify();
    if (!result) {
      ADD_FAILURE() << result.error().message;
      return {};
    }
    return *result;
  }

  std::vector<JournalEntry> entries_;
};

TEST_F(JournalVerifyTest, EmptyJournalIsIntact) {
  const auto result = verify_after("DELETE FROM journal; DELETE FROM sqlite_sequence");
  EXPECT_TRUE(result.intact());
  EXPECT_EQ(result.head_id, 0);
  EXPECT_EQ(result.head_hash, kGenesisHash);
}

TEST_F(JournalVerifyTest, IntactChainReportsItsHead) {
  const auto result = verify_after("");
  EXPECT_TRUE(result.intact());
  EXPECT_EQ(result.head_id, 5);
  EXPECT_EQ(result.head_hash, entries_.back().hash);
}

struct Tampering {
  const char* what;
  const char* sql;
  std::int64_t first_broken_id;
  std::int64_t head_id;  // the last entry that still verifies
  ChainProblem problem;
  const char* message;  // "" where the test does not pin it
};

// Each way of tampering, and the first break verify must report for it.
const Tampering kTamperings[] = {
    {"edited entry", "UPDATE journal SET reason = 'nothing to see' WHERE id = 3", 3, 2,
     ChainProblem::kHashMismatch,
     "journal entry 3: the hash does not match its fields: the entry was edited"},
    {"edited digest", "UPDATE journal SET after_digest = substr(hash, 1) WHERE id = 1", 1, 0,
     ChainProblem::kHashMismatch, ""},
    {"removed in the middle", "DELETE FROM journal WHERE id = 3", 3, 2, ChainProblem::kEntryMissing,
     "journal entry 3 is missing (the next entry is 4)"},
    {"removed and renumbered",
     "DELETE FROM journal WHERE id = 3; UPDATE journal SET id = id - 1 WHERE id > 3", 3, 2,
     ChainProblem::kLinkBroken,
     "journal entry 3 does not link to entry 2: an entry was removed, reordered or rewritten"},
    {"removed first", "DELETE FROM journal WHERE id = 1", 1, 0, ChainProblem::kEntryMissing, ""},
    {"removed last", "DELETE FROM journal WHERE id = 5", 5, 4, ChainProblem::kTailRemoved,
     "journal entries 5 to 5 were removed from the end"},
    {"removed last two", "DELETE FROM journal WHERE id >= 4", 4, 3, ChainProblem::kTailRemoved,
     "journal entries 4 to 5 were removed from the end"},
    {"removed last, sequence lowered too",
     "DELETE FROM journal WHERE id = 5; UPDATE sqlite_sequence SET seq = 3 WHERE name = 'journal'",
     4, 4, ChainProblem::kSequenceMismatch,
     "the journal's sqlite_sequence (3) is below its last entry (4): it was edited"},
    {"swapped",
     "UPDATE journal SET id = -2 WHERE id = 2; UPDATE journal SET id = 2 WHERE id = 3; "
     "UPDATE journal SET id = 3 WHERE id = -2",
     2, 1, ChainProblem::kLinkBroken, ""},
    {"moved to the end",
     "UPDATE journal SET id = 6 WHERE id = 2; UPDATE sqlite_sequence SET seq = 6", 2, 1,
     ChainProblem::kEntryMissing, ""},
    {"unreadable time", "UPDATE journal SET time = 'yesterday' WHERE id = 2", 2, 1,
     ChainProblem::kMalformedEntry,
     "journal entry 2: invalid timestamp 'yesterday': expected UTC 'YYYY-MM-DDTHH:MM:SS.mmmZ'"},
};

class JournalTamperingTest : public JournalVerifyTest,
                             public ::testing::WithParamInterface<Tampering> {};

TEST_P(JournalTamperingTest, IsFoundAtTheFirstBrokenEntry) {
  const Tampering& t = GetParam();
  const auto result = verify_after(t.sql);
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->entry_id, t.first_broken_id);
  EXPECT_EQ(result.first_break->problem, t.problem);
  if (*t.message != '\0') {
    EXPECT_EQ(result.first_break->message, t.message);
  }
  EXPECT_EQ(result.head_id, t.head_id);
}

// "removed in the middle" -> "RemovedInTheMiddle", a test name.
std::string tampering_name(const ::testing::TestParamInfo<Tampering>& param_info) {
  std::string name;
  bool word_start = true;
  for (const char* c = param_info.param.what; *c != '\0'; ++c) {
    const auto byte = static_cast<unsigned char>(*c);
    if (std::isalnum(byte) == 0) {
      word_start = true;
      continue;
    }
    name += word_start ? static_cast<char>(std::toupper(byte)) : *c;
    word_start = false;
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Tamperings, JournalTamperingTest, ::testing::ValuesIn(kTamperings),
                         tampering_name);

TEST_F(JournalVerifyTest, EditWithRecomputedHashBreaksTheNextLink) {
  JournalEntry forged = entries_[2];
  forged.change.reason = "nothing to see";
  forged.hash = journal_entry_hash(forged);
  const auto result =
      verify_after(fmt::format("UPDATE journal SET reason = '{}', hash = '{}' WHERE id = 3",
                               forged.change.reason, forged.hash));
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->entry_id, 4);
  EXPECT_EQ(result.first_break->problem, ChainProblem::kLinkBroken);
}

TEST_F(JournalVerifyTest, RemovedTailStaysVisibleAfterLaterAppends) {
  static_cast<void>(verify_after("DELETE FROM journal WHERE id >= 4"));
  ASSERT_TRUE(store().journal().append(change("web1", "assess")).has_value());
  const auto result = verify_after("");
  ASSERT_FALSE(result.intact());
  EXPECT_EQ(result.first_break->entry_id, 4);
  EXPECT_EQ(result.first_break->problem, ChainProblem::kEntryMissing);
}

}  // namespace
}  // namespace patchplan::store
