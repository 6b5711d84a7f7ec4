// Tests of PlanRecords: versions per month, journal entries, approvals, bad documents.
#include "store/plan_records.hpp"

#include <gtest/gtest.h>

#include "common/tests/test_files.hpp"
#include "store/compressed_text.hpp"
#include "store/sha256.hpp"
#include "store/store.hpp"

namespace patchplan::store {
namespace {

class PlanRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.actor = Actor{"alice", 1000, "patchplan"};
    options.clock = [] { return *parse_timestamp("2026-12-04T10:00:00.000Z"); };
    auto opened = Store::open((dir_.path() / "db.sqlite").string(), options);
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_.emplace(std::move(*opened));
  }

  PlanRecords records() {
    return PlanRecords(store_->database(), store_->journal(), Actor{"alice", 1000, "patchplan"},
                       [] { return *parse_timestamp("2026-12-04T10:00:00.000Z"); });
  }

  testing::TempDir dir_;
  std::optional<Store> store_;
};

constexpr const char* kPlan =
    R"({"kind":"plan","from":"2026-12-04T10:00Z","until":"2027-02-04T10:00Z","waves":[]})";
constexpr const char* kFrom = "2026-12-04T10:00Z";
constexpr const char* kUntil = "2027-02-04T10:00Z";

TEST_F(PlanRecordsTest, PlansOfOneMonthGetIncreasingVersions) {
  auto plans = records();
  auto first = plans.record_plan(kPlan, kFrom, kUntil);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  auto second = plans.record_plan(kPlan, kFrom, kUntil);
  ASSERT_TRUE(second.has_value());
  auto other = plans.record_plan(R"({"from":"2027-01-01T00:00Z","until":"2027-02-01T00:00Z"})",
                                 "2027-01-01T00:00Z", "2027-02-01T00:00Z");
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(first->period, "2026-12");
  EXPECT_EQ(first->version, 1);
  EXPECT_EQ(second->version, 2);
  EXPECT_EQ(other->period, "2027-01");
  EXPECT_EQ(other->version, 1);
  auto found = plans.find(second->id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->document, kPlan);  // kept byte for byte
  EXPECT_EQ(found->document, second->document);
  EXPECT_EQ(found->digest, second->digest);
  EXPECT_TRUE(found->approvals.empty());
}

TEST_F(PlanRecordsTest, ApprovalIsJournaledWithWhoAndWhen) {
  auto plans = records();
  auto plan = plans.record_plan(kPlan, kFrom, kUntil);
  ASSERT_TRUE(plan.has_value());
  auto approval = plans.approve(plan->id, "CAB 2026-12-05");
  ASSERT_TRUE(approval.has_value()) << approval.error().message;
  EXPECT_EQ(approval->approved_by, "alice");
  EXPECT_EQ(approval->approved_at, "2026-12-04T10:00:00.000Z");
  auto entries = store_->journal().list({});
  ASSERT_TRUE(entries.has_value());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].change.action, "plan.create");
  EXPECT_EQ((*entries)[1].change.action, "plan.approve");
  EXPECT_EQ((*entries)[1].change.reason, "CAB 2026-12-05");
  EXPECT_EQ((*entries)[1].change.after_digest, plan->digest);
  EXPECT_EQ((*entries)[1].id, approval->journal_id);
  auto found = plans.find(plan->id);
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->approvals.size(), 1u);
  EXPECT_TRUE(store_->journal().verify()->intact());
}

TEST_F(PlanRecordsTest, UnknownPlanAndBadDocumentsAreRefused) {
  auto plans = records();
  auto missing = plans.approve(42);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(plans.record_plan("[]", kFrom, kUntil).has_value());
  EXPECT_FALSE(plans.record_plan("{", kFrom, kUntil).has_value());
  EXPECT_FALSE(plans.record_plan("", kFrom, kUntil).has_value());
  auto bad_time = plans.record_plan(kPlan, "2026-12", kUntil);
  ASSERT_FALSE(bad_time.has_value());
  EXPECT_EQ(bad_time.error().message,
            "a plan's 'from' and 'until' are ISO UTC times, not '2026-12' and "
            "'2027-02-04T10:00Z'");
  EXPECT_FALSE(plans.record_plan(kPlan, kFrom, "2027-02-04 10:00").has_value());
  auto entries = store_->journal().list({});
  ASSERT_TRUE(entries.has_value());
  EXPECT_TRUE(entries->empty());
}

TEST_F(PlanRecordsTest, AStreamedDocumentIsStoredCompressedAndReadBackWhole) {
  // A large plan-like document, written in pieces as the plan's JSON writer does.
  std::string whole = R"({"kind":"plan","waves":[)";
  for (int i = 0; i < 20000; ++i) {
    whole += fmt::format(R"({}{{"host":"web-{}","slot":"2026-12-08T22:{:02}Z"}})", i ? "," : "", i,
                         i % 60);
  }
  whole += "]}";
  auto plans = records();
  auto stored = plans.record_plan(
      [&](const auto& sink) {
        for (std::size_t at = 0; at < whole.size(); at += 4096) sink(whole.substr(at, 4096));
      },
      kFrom, kUntil);
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  EXPECT_TRUE(stored->document.empty());
  EXPECT_EQ(stored->digest, sha256_hex(whole));  // the digest of the text, not of the frame
  auto found = plans.find(stored->id);
  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(found->document, whole);
  EXPECT_EQ(found->digest, stored->digest);
  // Kept compressed: the text column empty, the frame a fraction of the text.
  auto row = store_->database().prepare(
      "SELECT length(document), length(document_zstd) FROM plans WHERE id = ?");
  ASSERT_TRUE(row.has_value());
  ASSERT_TRUE(row->bind(stored->id));
  ASSERT_TRUE(row->step().value());
  EXPECT_EQ(row->column_int(0), 0);
  EXPECT_LT(row->column_int(1) * 5, static_cast<std::int64_t>(whole.size()));
}

TEST_F(PlanRecordsTest, ACorruptOrTruncatedStoredDocumentIsAnErrorNamingThePlan) {
  auto plans = records();
  auto stored = plans.record_plan(kPlan, kFrom, kUntil);
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  auto& db = store_->database();
  // One byte flipped in the middle of the frame: zstd's content checksum catches it.
  ASSERT_TRUE(
      db.exec("UPDATE plans SET document_zstd = substr(document_zstd, 1, 20) || "
              "x'ff' || substr(document_zstd, 22)"));
  auto corrupt = plans.find(stored->id);
  ASSERT_FALSE(corrupt.has_value());
  EXPECT_EQ(corrupt.error().code, ErrorCode::kInvalidInput);
  EXPECT_TRUE(corrupt.error().message.starts_with(fmt::format("stored plan {} ", stored->id)))
      << corrupt.error().message;
  ASSERT_TRUE(db.exec("UPDATE plans SET document_zstd = substr(document_zstd, 1, 10)"));
  auto truncated = plans.find(stored->id);
  ASSERT_FALSE(truncated.has_value());
  EXPECT_EQ(truncated.error().message, fmt::format("stored plan {} is truncated", stored->id));
}

TEST_F(PlanRecordsTest, APlanStoredBeforeCompressionIsReadFromItsText) {
  auto& db = store_->database();
  ASSERT_TRUE(db.exec(fmt::format(
      "INSERT INTO plans (period, version, created_at, plan_from, plan_until, document, digest) "
      "VALUES ('2026-12', 1, '2026-12-04T10:00:00.000Z', '{}', '{}', '{}', '{}')",
      kFrom, kUntil, kPlan, sha256_hex(kPlan))));
  auto found = records().find(db.last_insert_rowid());
  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(found->document, kPlan);
}

TEST(CompressedTextTest, FramesRoundTripAndRefuseToInflatePastTheLimit) {
  TextCompressor compressor(false);
  std::string text(1 << 20, 'x');
  ASSERT_TRUE(compressor.add(text));
  auto frame = compressor.finish();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(decompress_text(*frame, "t").value(), text);
  auto big = decompress_text(*frame, "the frame", 1000);
  ASSERT_FALSE(big.has_value());
  EXPECT_EQ(big.error().message, "the frame is larger than 1000 bytes");
  EXPECT_FALSE(decompress_text(*frame + "junk", "t").has_value());
  EXPECT_FALSE(decompress_text("", "t").has_value());
}

}  // namespace
}  // namespace patchplan::store
