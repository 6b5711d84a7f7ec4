#include "common/byte_source.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "common/tests/test_files.hpp"

namespace patchplan {
namespace {

std::string run_compressor(const testing::TempDir& dir, const std::string& command) {
  std::string full = "cd '" + dir.path().string() + "' && " + command;
  EXPECT_EQ(std::system(full.c_str()), 0) << full;
  return full;
}

class ByteSourceCompressionTest
    : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(ByteSourceCompressionTest, DecompressesByContent) {
  testing::TempDir dir;
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "Package: p" + std::to_string(i) + "\n\n";
  dir.write("Packages", text);
  auto [tool, suffix] = GetParam();
  run_compressor(dir, std::string(tool) + " Packages");
  auto root = RootFs::open(dir.path().string());
  auto source = open_byte_source(*root, std::string("Packages") + suffix);
  ASSERT_TRUE(source.has_value()) << source.error().message;
  auto content = read_all(**source, 1u << 24);
  ASSERT_TRUE(content.has_value()) << content.error().message;
  EXPECT_EQ(*content, text);
}

INSTANTIATE_TEST_SUITE_P(
    Formats, ByteSourceCompressionTest,
    ::testing::Values(std::pair{"xz", ".xz"}, std::pair{"gzip", ".gz"},
                      std::pair{"lz4 -q --rm Packages Packages.lz4 && true", ".lz4"},
                      std::pair{"zstd -q --rm", ".zst"}, std::pair{"true", ""}),
    [](const auto& test_info) {
      std::string suffix = test_info.param.second;
      return suffix.empty() ? std::string("plain") : suffix.substr(1);
    });

TEST(ByteSourceTest, TruncatedXzIsAnErrorNamingTheFile) {
  testing::TempDir dir;
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "Package: p" + std::to_string(i * 7919 % 10007) + "\n";
  dir.write("Packages", text);
  run_compressor(dir, "xz Packages && head -c 3000 Packages.xz > cut.xz");
  auto root = RootFs::open(dir.path().string());
  auto source = open_byte_source(*root, "cut.xz");
  Expected<std::string> content =
      source ? read_all(**source, 1u << 24) : Expected<std::string>(source.error());
  ASSERT_FALSE(content.has_value());
  EXPECT_NE(content.error().message.find("cut.xz"), std::string::npos) << content.error().message;
}

TEST(ByteSourceTest, TruncatedLz4AndZstdAndGzipAreErrors) {
  testing::TempDir dir;
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "Package: p" + std::to_string(i * 7919 % 10007) + "\n";
  dir.write("Packages", text);
  run_compressor(dir,
                 "lz4 -q -k Packages Packages.lz4 && head -c 3000 Packages.lz4 > cut.lz4 && "
                 "zstd -q -k Packages && head -c 3000 Packages.zst > cut.zst && "
                 "gzip -k Packages && head -c 3000 Packages.gz > cut.gz");
  auto root = RootFs::open(dir.path().string());
  for (const char* name : {"cut.lz4", "cut.zst", "cut.gz"}) {
    auto source = open_byte_source(*root, name);
    ASSERT_TRUE(source.has_value()) << source.error().message;
    auto content = read_all(**source, 1u << 24);
    ASSERT_FALSE(content.has_value()) << name;
    EXPECT_NE(content.error().message.find(name), std::string::npos) << content.error().message;
  }
}

TEST(ByteSourceTest, EmptyFileReadsAsEmpty) {
  testing::TempDir dir;
  dir.write("empty", "");
  auto root = RootFs::open(dir.path().string());
  auto source = open_byte_source(*root, "empty");
  ASSERT_TRUE(source.has_value()) << source.error().message;
  auto content = read_all(**source, 100);
  ASSERT_TRUE(content.has_value());
  EXPECT_TRUE(content->empty());
}

}  // namespace
}  // namespace patchplan
