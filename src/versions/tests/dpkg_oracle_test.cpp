// Agreement with libdpkg in-process: our parse accepts exactly what parseversion accepts
// (save the documented epoch strictness) and our order has dpkg_version_compare's sign on
// over a million pairs of real, random and mutated versions.
#include "versions/tests/dpkg_oracle.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "versions/deb_version.hpp"
#include "versions/tests/archive_versions.hpp"
#include "versions/tests/golden_pairs.hpp"

namespace patchplan::versions {
namespace {

using testing::DpkgVersion;

constexpr std::uint64_t kSeed = 20261204;
constexpr std::size_t kRandomStrings = 200000;
constexpr std::size_t kLongDigitVersions = 2000;
constexpr std::size_t kRandomCrossPairs = 700000;
constexpr std::size_t kMinimumComparisons = 1000000;
constexpr std::size_t kShownDisagreements = 10;

int sign(int value) { return (value > 0) - (value < 0); }

// What the shared archive indexes hold, read once for the whole suite.
struct Archive {
  std::string error;
  std::vector<testing::PackageVersion> versions;
  std::vector<std::string> distinct;
};

const Archive& archive() {
  static const Archive loaded = [] {
    Archive result;
    Expected<std::vector<testing::PackageVersion>> versions =
        testing::read_archive_versions(PATCHPLAN_SHARED_DIR);
    if (!versions) {
      result.error = versions.error().message;
      return result;
    }
    result.versions = std::move(*versions);
    result.distinct = testing::distinct_versions(result.versions);
    return result;
  }();
  return loaded;
}

// dpkg's strtol also reads an epoch with a sign or leading whitespace ("+1", "-0",
// "\n1"); parse_deb_version refuses those on purpose (see deb_version.hpp).
bool is_strtol_only_epoch(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return false;
  const std::string_view rest = text.substr(first);
  const std::string_view epoch = rest.substr(0, rest.find(':'));
  if (epoch.size() == rest.size() || epoch.find_first_not_of("0123456789") == std::string::npos) {
    return false;
  }
  std::string_view number =
      epoch.substr(std::min(epoch.find_first_not_of(" \t\n\v\f\r"), epoch.size()));
  if (!number.empty() && (number.front() == '+' || number.front() == '-')) number.remove_prefix(1);
  return !number.empty() && number.find_first_not_of("0123456789") == std::string::npos;
}

// How parseversion and parse_deb_version judged one string.
struct ParseVerdict {
  bool both_accept = false;
  bool strtol_epoch = false;  // only dpkg accepts, by the documented strictness
  std::string disagreement;   // empty when the two agree
};

ParseVerdict judge_parse(std::string_view text, bool allow_strtol_epoch) {
  const Expected<DebVersion> ours = parse_deb_version(text);
  const DpkgVersion theirs(text);
  const std::string shown = fmt::format("{:?}", text);
  if (ours && theirs.accepted()) {
    if (ours->epoch == theirs.epoch() && ours->upstream == theirs.upstream() &&
        ours->revision == theirs.revision()) {
      return {true, false, ""};
    }
    return {true, false,
            fmt::format("{}: split as {}|{}|{}, dpkg {}|{}|{}", shown, ours->epoch, ours->upstream,
                        ours->revision, theirs.epoch(), theirs.upstream(), theirs.revision())};
  }
  if (!ours && !theirs.accepted()) return {};
  if (ours)
    return {false, false, fmt::format("{}: accepted, dpkg says '{}'", shown, theirs.message())};
  if (allow_strtol_epoch && is_strtol_only_epoch(text)) return {false, true, ""};
  return {false, false, fmt::format("{}: refused ({}), dpkg accepts", shown, ours.error().message)};
}

// Collects parse disagreements over many strings and reports the first few.
class ParseAgreement {
 public:
  explicit ParseAgreement(bool allow_strtol_epoch) : allow_strtol_epoch_(allow_strtol_epoch) {}

  void check(std::string_view text) {
    ++checked_;
    ParseVerdict verdict = judge_parse(text, allow_strtol_epoch_);
    accepted_ += verdict.both_accept ? 1 : 0;
    strtol_epochs_ += verdict.strtol_epoch ? 1 : 0;
    if (verdict.disagreement.empty()) return;
    if (shown_.size() < kShownDisagreements) shown_.push_back(std::move(verdict.disagreement));
    ++disagreements_;
  }

  void expect_none(std::string_view what) const {
    fmt::print(
        "parse of {} {}: {} accepted by both, {} strtol-only epochs refused, {} disagreements "
        "with dpkg\n",
        checked_, what, accepted_, strtol_epochs_, disagreements_);
    EXPECT_EQ(disagreements_, 0u) << fmt::format("{}", fmt::join(shown_, "\n"));
  }

 private:
  bool allow_strtol_epoch_;
  std::size_t checked_ = 0;
  std::size_t accepted_ = 0;
  std::size_t strtol_epochs_ = 0;
  std::size_t disagreements_ = 0;
  std::vector<std::string> shown_;
};

// One valid version as both sides parsed it.
struct Subject {
  std::string text;
  DebVersion ours;
  DpkgVersion theirs;
};

Subject subject(const std::string& text) {
  Expected<DebVersion> ours = parse_deb_version(text);
  DpkgVersion theirs(text);
  EXPECT_TRUE(ours.has_value() && theirs.accepted()) << fmt::format(
      "{:?}: ours {}, dpkg '{}'", text, ours ? "accepted" : ours.error().message, theirs.message());
  return Subject{text, ours ? std::move(*ours) : DebVersion{}, std::move(theirs)};
}

std::vector<Subject> subjects(const std::vector<std::string>& texts) {
  std::vector<Subject> result;
  result.reserve(texts.size());
  for (const std::string& text : texts) result.push_back(subject(text));
  return result;
}

// Compares pairs with all three of our functions and with dpkg; counts and reports.
class CompareAgreement {
 public:
  void compare(const Subject& a, const Subject& b) {
    const int expected = sign(testing::dpkg_compare(a.theirs, b.theirs));
    const int by_string = sign(compare_deb_version_strings(a.text, b.text));
    const int by_parts = sign(compare_deb_versions(a.ours, b.ours));
    const Expected<int> checked = compare_checked(a.text, b.text);
    ++compared_;
    if (by_string == expected && by_parts == expected && checked && sign(*checked) == expected) {
      return;
    }
    if (shown_.size() < kShownDisagreements) {
      shown_.push_back(fmt::format("{:?} vs {:?}: dpkg {}, string {}, parsed {}, checked {}",
                                   a.text, b.text, expected, by_string, by_parts,
                                   checked ? fmt::format("{}", sign(*checked)) : "error"));
    }
    ++disagreements_;
  }

  // Both orders of one pair.
  void compare_both_ways(const Subject& a, const Subject& b) {
    compare(a, b);
    compare(b, a);
  }

  [[nodiscard]] std::size_t compared() const { return compared_; }

  void expect_none(std::string_view what) const {
    fmt::print("compared {} pairs of {}: {} disagreements with dpkg\n", compared_, what,
               disagreements_);
    EXPECT_EQ(disagreements_, 0u) << fmt::format("{}", fmt::join(shown_, "\n"));
  }

 private:
  std::size_t compared_ = 0;
  std::size_t disagreements_ = 0;
  std::vector<std::string> shown_;
};

// Small changes that keep a valid version valid and move it a little or not at all.
std::vector<std::string> mutations(const std::string& text, const DebVersion& version) {
  std::vector<std::string> result = {text + "~", text + "~~", text + "+b1", text + ".0",
                                     text + "a", text + "0",  text + "-0",  text + "-1~"};
  const std::string without_epoch = text.substr(text.find(':') + 1);
  result.push_back(fmt::format("{}:{}", version.epoch + 1, without_epoch));
  result.push_back(fmt::format("0{}:{}", version.epoch, without_epoch));
  result.push_back(fmt::format("{}:0{}", version.epoch, without_epoch));
  if (version.epoch > 0) result.push_back(fmt::format("{}:{}", version.epoch - 1, without_epoch));
  if (version.epoch == 0) result.push_back(without_epoch.substr(0, without_epoch.rfind('-')));
  return result;
}

// Versions with digit runs far beyond 64 bits, with and without leading zeros.
std::vector<std::string> long_digit_versions(std::mt19937_64& random) {
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<std::size_t> length(1, 120);
  std::uniform_int_distribution<int> shape(0, 3);
  auto digits = [&] {
    std::string run(length(random), '0');
    for (char& c : run) c = static_cast<char>('0' + digit(random));
    return run;
  };
  std::vector<std::string> result;
  for (std::size_t i = 0; i < kLongDigitVersions; ++i) {
    switch (shape(random)) {
      case 0:
        result.push_back(fmt::format("1{}", digits()));
        break;
      case 1:
        result.push_back(fmt::format("{}.{}-{}", digits(), digits(), digits()));
        break;
      case 2:
        result.push_back(fmt::format("1:{}~{}", digits(), digits()));
        break;
      default:
        result.push_back(fmt::format("{}+{}a{}", digits(), digits(), digits()));
        break;
    }
  }
  return result;
}

class DpkgOracleTest : public ::testing::Test {
 protected:
  static void TearDownTestSuite() {
    fmt::print("compared {} pairs in total with dpkg\n", total_compared_);
  }

  static void add_to_total(const CompareAgreement& agreement) {
    total_compared_ += agreement.compared();
  }

  static std::size_t total_compared_;
};

std::size_t DpkgOracleTest::total_compared_ = 0;

TEST_F(DpkgOracleTest, ParseAgreesOnEveryArchiveVersion) {
  ASSERT_EQ(archive().error, "");
  EXPECT_GE(archive().versions.size(), 100000u);
  EXPECT_GE(archive().distinct.size(), 30000u);
  ParseAgreement agreement(false);
  for (const std::string& text : archive().distinct) agreement.check(text);
  agreement.expect_none("archive versions");
}

TEST_F(DpkgOracleTest, ParseAgreesOnHostileStrings) {
  const std::string nines(5000, '9');
  const std::vector<std::string> hostile = {
      "",
      " ",
      "\t",
      ":",
      "::",
      "1:",
      "1::",
      "a:1",
      ":1",
      "-",
      "-1",
      "1-",
      "1-:",
      "1:-1",
      "1 2",
      "1;rm -rf /",
      "1;rm",
      "$(id)",
      "`id`",
      "1.0\n",
      "\n",
      "1.0\r",
      "%s%n",
      "../../etc/passwd",
      "1|2",
      "1&2",
      "1>2",
      "1.0\t2",
      "1.0 -1",
      " 1.0",
      "1.0-1 ",
      "\t1:1.0-1\t",
      nines,
      "1:" + nines,
      nines + ":1",
      "99999999999:1",
      "2147483648:1",
      "2147483647:1",
      "-1:0",
      "0x10:1",
      "0x10",
      "1e10",
      "1:2:3",
      "0:1:2",
      "1.0--1",
      "1-2-3",
      "1.0:",
      "1:1.0-1:2",
      "\xc3\xa9",
      "1.\xc3\xa9",
      "1-\xff",
      "1\x7f",
      "\x80",
      "1\x01",
      "1.0~",
      "~1",
      "1.0-~",
      "+1",
      ".1",
      "1_0",
      "1.0-1_0",
      "1.0-a:b",
      "A1",
      "1a",
      "1:a",
      "1.0-1+deb12u1",
      std::string(100000, '1') + "-" + std::string(100000, '~')};
  ParseAgreement agreement(false);
  for (const std::string& text : hostile) agreement.check(text);
  agreement.expect_none("hostile strings");
}

TEST_F(DpkgOracleTest, ParseIsStricterThanDpkgOnlyOnStrtolEpochs) {
  for (std::string_view text : {"+1:0", "-0:1", "\n1:0", "\v1:0", "\r\f1:0", " +0001:1-1"}) {
    EXPECT_TRUE(DpkgVersion(text).accepted()) << fmt::format("{:?}", text);
    EXPECT_FALSE(parse_deb_version(text).has_value()) << fmt::format("{:?}", text);
    EXPECT_TRUE(is_strtol_only_epoch(text)) << fmt::format("{:?}", text);
  }
}

TEST_F(DpkgOracleTest, ParseAgreesOnRandomStrings) {
  static constexpr std::string_view kAlphabet =
      "0123456789012345678901234567890123456789azAZ.+-~:.+-~: \t\n\v_;$/!\\\x01\x7f\x80\xc3\xff";
  std::mt19937_64 random(kSeed);
  std::uniform_int_distribution<std::size_t> length(0, 10);
  std::uniform_int_distribution<std::size_t> letter(0, kAlphabet.size() - 1);
  ParseAgreement agreement(true);
  for (std::size_t i = 0; i < kRandomStrings; ++i) {
    std::string text(length(random), ' ');
    for (char& c : text) c = kAlphabet[letter(random)];
    agreement.check(text);
  }
  agreement.expect_none("random strings");
}

TEST_F(DpkgOracleTest, CompareAgreesOnGoldenTable) {
  CompareAgreement agreement;
  for (const testing::GoldenPair& pair : testing::kGoldenPairs) {
    const Subject a = subject(std::string(pair.a));
    const Subject b = subject(std::string(pair.b));
    agreement.compare_both_ways(a, b);
    EXPECT_EQ(sign(testing::dpkg_compare(a.theirs, b.theirs)), pair.order)
        << pair.a << " vs " << pair.b;
  }
  agreement.expect_none("the golden table");
  add_to_total(agreement);
}

TEST_F(DpkgOracleTest, CompareAgreesOnEveryPairOfTheSamePackage) {
  ASSERT_EQ(archive().error, "");
  const std::vector<std::pair<std::string, std::string>> pairs =
      testing::same_package_pairs(archive().versions);
  CompareAgreement agreement;
  for (const auto& [a, b] : pairs) agreement.compare_both_ways(subject(a), subject(b));
  agreement.expect_none("versions of the same package");
  EXPECT_GE(agreement.compared(), 80000u);
  add_to_total(agreement);
}

TEST_F(DpkgOracleTest, CompareAgreesOnRandomCrossPairs) {
  ASSERT_EQ(archive().error, "");
  std::mt19937_64 random(kSeed);
  std::vector<std::string> texts = archive().distinct;
  for (std::string& text : long_digit_versions(random)) texts.push_back(std::move(text));
  const std::vector<Subject> pool = subjects(texts);
  std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
  CompareAgreement agreement;
  for (std::size_t i = 0; i < kRandomCrossPairs; ++i) {
    agreement.compare(pool[pick(random)], pool[pick(random)]);
  }
  agreement.expect_none("random versions");
  add_to_total(agreement);
}

TEST_F(DpkgOracleTest, CompareAgreesOnMutations) {
  ASSERT_EQ(archive().error, "");
  CompareAgreement agreement;
  for (const std::string& text : archive().distinct) {
    const Subject original = subject(text);
    for (const std::string& mutated : mutations(text, original.ours)) {
      agreement.compare_both_ways(original, subject(mutated));
    }
  }
  agreement.expect_none("versions and their mutations");
  EXPECT_GE(agreement.compared(), kMinimumComparisons - kRandomCrossPairs);
  add_to_total(agreement);
}

}  // namespace
}  // namespace patchplan::versions
