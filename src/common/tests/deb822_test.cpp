#include "common/deb822.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "common/tests/test_files.hpp"

namespace patchplan {
namespace {

std::vector<std::string> read_paragraphs(const testing::TempDir& dir, std::string_view content,
                                         ParagraphReaderOptions options = {}) {
  dir.write("file", content);
  auto root = RootFs::open(dir.path().string());
  EXPECT_TRUE(root.has_value());
  auto source = open_byte_source(*root, "file");
  EXPECT_TRUE(source.has_value());
  ParagraphReader reader(std::move(*source), options);
  std::vector<std::string> out;
  while (true) {
    auto paragraph = reader.next();
    EXPECT_TRUE(paragraph.has_value()) << paragraph.error().message;
    if (!paragraph || !*paragraph) break;
    out.push_back(std::to_string((*paragraph)->first_line) + "|" + std::string((*paragraph)->text));
  }
  for (auto& skipped : reader.take_skipped()) out.push_back("skipped " + skipped);
  return out;
}

TEST(ParagraphReaderTest, SplitsOnBlankLinesAndCountsLines) {
  testing::TempDir dir;
  auto got = read_paragraphs(dir, "\n\nA: 1\nB: 2\n\n \t\nC: 3\n continued\n\n\n");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], "3|A: 1\nB: 2\n");
  EXPECT_EQ(got[1], "7|C: 3\n continued\n");
}

TEST(ParagraphReaderTest, LastParagraphWithoutNewline) {
  testing::TempDir dir;
  auto got = read_paragraphs(dir, "A: 1\n\nB: 2");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1], "3|B: 2");
}

TEST(ParagraphReaderTest, EmptyFileHasNoParagraphs) {
  testing::TempDir dir;
  EXPECT_TRUE(read_paragraphs(dir, "").empty());
}

TEST(ParagraphReaderTest, CommentsSkippedWhenAllowed) {
  testing::TempDir dir;
  auto got = read_paragraphs(dir, "# head\n\nTypes: deb\n", {.allow_comments = true});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], "3|Types: deb\n");
}

TEST(ParagraphReaderTest, OversizedParagraphIsSkippedAndReported) {
  testing::TempDir dir;
  std::string big = "A: 1\n\nHuge: " + std::string(5000, 'x') + "\n more\n\nB: 2\n";
  auto got = read_paragraphs(dir, big, {.max_paragraph_bytes = 1000});
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], "1|A: 1\n");
  EXPECT_EQ(got[1], "6|B: 2\n");
  EXPECT_NE(got[2].find("file:3: paragraph larger than 1000 bytes skipped"), std::string::npos)
      << got[2];
}

TEST(ParagraphReaderTest, ParagraphsSpanningChunkBoundaries) {
  testing::TempDir dir;
  std::string content;
  for (int i = 0; i < 40000; ++i) content += "Package: p" + std::to_string(i) + "\nVersion: 1\n\n";
  auto got = read_paragraphs(dir, content);
  ASSERT_EQ(got.size(), 40000u);
  EXPECT_EQ(got[39999], "119998|Package: p39999\nVersion: 1\n");
}

TEST(ParagraphReaderTest, SeparatorAtReadBoundaryStillSeparates) {
  // The first paragraph ends exactly at the reader's 1 MiB chunk; the next is one line.
  testing::TempDir dir;
  std::string content = "A: " + std::string((1u << 20) - 4, 'x') + "\n" + "\nB: 2\n\nC: 3\n";
  auto got = read_paragraphs(dir, content);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[1], "3|B: 2\n");
  EXPECT_EQ(got[2], "5|C: 3\n");
}

TEST(ParagraphReaderTest, OversizedSingleLineIsSkippedAcrossChunks) {
  testing::TempDir dir;
  std::string content = "A: 1\n\nHuge: " + std::string(3u << 20, 'y') + "\n\n  \nB: 2\n";
  auto got = read_paragraphs(dir, content, {.max_paragraph_bytes = 4096});
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[1], "6|B: 2\n");
  EXPECT_NE(got[2].find("file:3: paragraph larger than 4096 bytes skipped"), std::string::npos);
}

TEST(ParagraphReaderTest, BlankPrefixAcrossBoundaryIsNotASeparator) {
  // A continuation line that starts with blanks right at the chunk end belongs to the
  // paragraph before it.
  testing::TempDir dir;
  std::string content = "A: " + std::string((1u << 20) - 4, 'x') + "\n" + "   more\nB: 2\n";
  auto got = read_paragraphs(dir, content);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].find("   more\nB: 2\n"), std::string::npos);
}

TEST(FieldTest, VisitsFieldsWithContinuations) {
  Paragraph paragraph{"Package: a\nDescription: short\n long\n .\nVersion:  1.0 \n", 10};
  std::vector<std::string> seen;
  auto status = for_each_field(paragraph, "f", [&](const Field& field) {
    seen.push_back(fmt::format("{}@{}={}", field.name, field.line, field.value));
    return true;
  });
  ASSERT_TRUE(status.has_value());
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], "Package@10=a");
  EXPECT_EQ(seen[1], "Description@11=short\n long\n .");
  EXPECT_EQ(seen[2], "Version@14=1.0");
}

TEST(FieldTest, GarbledLineNamesFileAndLine) {
  Paragraph paragraph{"Package: a\nthis is not a field\n", 5};
  auto status =
      for_each_field(paragraph, "/var/lib/dpkg/status", [](const Field&) { return true; });
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().message,
            "/var/lib/dpkg/status:6: expected 'Field: value', got 'this is not a field'");
}

TEST(FieldTest, CommentLinesAreDroppedEvenBetweenAFieldsLines) {
  Paragraph paragraph{"Types: deb\n# http://snapshot\n deb-src\n# last\nURIs: x\n# end\n", 1};
  std::vector<std::string> seen;
  auto status = for_each_field(
      paragraph, "f",
      [&](const Field& field) {
        seen.push_back(fmt::format("{}={}", field.name, field.value));
        return true;
      },
      true);
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_EQ(seen, (std::vector<std::string>{"Types=deb\n deb-src", "URIs=x"}));
}

TEST(FieldTest, FindFieldIsCaseInsensitive) {
  Paragraph paragraph{"Package: a\nversion: 2\n", 1};
  auto field = find_field(paragraph, "Version");
  ASSERT_TRUE(field.has_value());
  EXPECT_EQ(field->value, "2");
  EXPECT_FALSE(find_field(paragraph, "Source").has_value());
}

}  // namespace
}  // namespace patchplan
