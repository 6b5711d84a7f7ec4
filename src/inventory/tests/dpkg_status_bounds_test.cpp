// Limits of the status reader: huge fields, memory and time on large inputs.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <random>

#include "inventory/debian_names.hpp"
#include "inventory/dpkg_status.hpp"
#include "inventory/tests/status_fixtures.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::inventory {
namespace {

using testing::stanza;
using testing::TempDir;

constexpr std::size_t kHugeFieldBytes = 100u << 20;

// AddressSanitizer keeps freed memory in quarantine and slows everything down, so the
// memory and time bounds below only hold in normal builds.
#ifdef __SANITIZE_ADDRESS__
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

// The process's resident-set high-water mark in KiB (VmHWM), after resetting it to the
// current resident size when `reset` (proc(5), /proc/PID/clear_refs value 5).
long peak_rss_kib(bool reset) {
  if (reset) std::ofstream("/proc/self/clear_refs") << "5";
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
  }
  return -1;
}

// Writes a status file whose second stanza has a field of kHugeFieldBytes, either one
// line or many continuation lines, without holding it in memory.
void write_huge_status(const std::filesystem::path& file, bool one_line) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << stanza("before", "install ok installed", "1.0");
  out << "Package: huge\nStatus: install ok installed\nVersion: 1.0\nDescription: x\n";
  std::string chunk = one_line ? std::string(1u << 20, 'a') : std::string();
  if (!one_line) {
    for (int i = 0; i < (1 << 14); ++i) chunk += " " + std::string(62, 'a') + "\n";
  }
  for (std::size_t written = 0; written < kHugeFieldBytes; written += chunk.size()) out << chunk;
  out << "\n\n" << stanza("after", "install ok installed", "2.0");
}

void expect_huge_stanza_skipped(bool one_line) {
  TempDir dir;
  write_huge_status(dir.path() / "var/lib/dpkg/status", one_line);
  auto root = RootFs::open(dir.path().string());
  ASSERT_TRUE(root.has_value());

  long before = peak_rss_kib(true);
  auto database = read_dpkg_status(*root);
  long peak = peak_rss_kib(false);

  ASSERT_TRUE(database.has_value()) << database.error().message;
  ASSERT_EQ(database->packages.size(), 2u);
  EXPECT_EQ(database->packages[0].name, "before");
  EXPECT_EQ(database->packages[1].name, "after");
  ASSERT_EQ(database->warnings.size(), 1u);
  std::string file = (dir.path() / "var/lib/dpkg/status").string();
  EXPECT_TRUE(database->warnings[0].starts_with(file + ":10: ")) << database->warnings[0];
  EXPECT_NE(database->warnings[0].find("skipped"), std::string::npos) << database->warnings[0];
  // The reader holds at most the paragraph limit (16 MiB) plus its read chunk, with room
  // for the buffer's growth.
  std::cout << "peak resident set grew by " << (peak - before) << " KiB\n";
  if (!kSanitized) {
    EXPECT_LT(peak - before, 40 * 1024);
  }
}

// The reader fills its buffer 1 MiB at a time; a stanza whose last newline is the last
// byte of such a read must still be separated from the stanzas after it.
TEST(DpkgStatusBoundsTest, StanzaEndingAtReadChunkBoundaryStaysSeparate) {
  constexpr std::size_t kChunk = 1u << 20;
  std::string first =
      "Package: first\nStatus: install ok installed\nArchitecture: amd64\n"
      "Version: 1.0\nDescription: padded\n";
  std::string padding = " " + std::string(kChunk - first.size() - 2, 'x') + "\n";
  std::string content = first + padding;
  ASSERT_EQ(content.size(), kChunk);
  content += "\n" + stanza("second", "install ok installed", "2.0") +
             stanza("third", "install ok installed", "3.0");
  TempDir dir;
  auto database = testing::read_status_text(dir, content);
  ASSERT_TRUE(database.has_value()) << database.error().message;
  EXPECT_TRUE(database->warnings.empty()) << database->warnings.front();
  ASSERT_EQ(database->packages.size(), 3u);
  EXPECT_EQ(database->packages[1].name, "second");
  EXPECT_EQ(database->packages[2].name, "third");
}

// Reads the status file of `root` five times; the best time must stay under 20 ms.
void expect_read_in_milliseconds(const RootFs& root, std::size_t packages, std::string_view what) {
  auto best = std::chrono::nanoseconds::max();
  for (int round = 0; round < 5; ++round) {
    auto start = std::chrono::steady_clock::now();
    auto database = read_dpkg_status(root);
    best = std::min(best, std::chrono::steady_clock::now() - start);
    ASSERT_TRUE(database.has_value());
    ASSERT_EQ(database->packages.size(), packages);
  }
  auto ms = std::chrono::duration<double, std::milli>(best).count();
  std::cout << what << ": " << ms << " ms (best of 5)\n";
  if (!kSanitized) {
    EXPECT_LT(ms, 20.0);
  }
}

TEST(DpkgStatusBoundsTest, HugeMultiLineFieldIsSkippedInBoundedMemory) {
  expect_huge_stanza_skipped(false);
}

TEST(DpkgStatusBoundsTest, HugeOneLineFieldIsSkippedInBoundedMemory) {
  expect_huge_stanza_skipped(true);
}

TEST(DpkgStatusBoundsTest, ThousandPackagesReadInMilliseconds) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 1000; ++i) {
    content += stanza(fmt::format("package-{}", i), "install ok installed",
                      fmt::format("1.{}-1", i), "Source: src (1.0-1)\nMulti-Arch: same\n");
  }
  dir.write("var/lib/dpkg/status", content);
  auto root = RootFs::open(dir.path().string());
  ASSERT_TRUE(root.has_value());
  expect_read_in_milliseconds(*root, 1000, "1000-package status file");
}

// Damages a real status file at random (fixed seed): bytes overwritten with newlines,
// colons, blanks, NUL and high bytes, cut short. Every read must succeed and keep only
// packages with valid names and versions.
TEST(DpkgStatusBoundsTest, RandomlyDamagedFilesKeepOnlyValidPackages) {
  auto root = RootFs::open(std::string(PATCHPLAN_SHARED_DIR) + "/data/hosts/go");
  ASSERT_TRUE(root.has_value());
  auto original = root->read_file("/var/lib/dpkg/status");
  ASSERT_TRUE(original.has_value());
  std::string sample = original->substr(0, 30000);
  std::mt19937 random(20261204);
  const std::string noise = std::string("\n\n: \t\0\xff(", 9) + "-~";
  TempDir dir;
  for (int round = 0; round < 300; ++round) {
    std::string damaged = sample;
    for (int i = 0; i < 1 + round % 20; ++i) {
      damaged[random() % damaged.size()] = noise[random() % noise.size()];
    }
    if (round % 3 == 0) damaged.resize(random() % damaged.size());
    auto database = testing::read_status_text(dir, damaged);
    ASSERT_TRUE(database.has_value()) << database.error().message;
    for (const auto& package : database->packages) {
      EXPECT_TRUE(is_valid_package_name(package.name)) << package.name;
      EXPECT_TRUE(is_valid_package_name(package.source)) << package.source;
      if (!package.version.empty()) {
        EXPECT_TRUE(versions::parse_deb_version(package.version).has_value()) << package.version;
      }
    }
  }
}

TEST(DpkgStatusBoundsTest, LargestRealHostReadsInMilliseconds) {
  auto root = RootFs::open(std::string(PATCHPLAN_SHARED_DIR) + "/data/hosts/langs");
  ASSERT_TRUE(root.has_value());
  expect_read_in_milliseconds(*root, 1001, "langs host (data/README.md: 1001 packages)");
}

}  // namespace
}  // namespace patchplan::inventory
