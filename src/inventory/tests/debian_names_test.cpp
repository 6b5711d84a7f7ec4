#include "inventory/debian_names.hpp"

#include <gtest/gtest.h>

#include "inventory/message_text.hpp"

namespace patchplan::inventory {
namespace {

TEST(DebianNamesTest, PackageNamesFollowPolicy) {
  for (const char* name : {"bash", "libc6", "g++", "libstdc++6", "0ad", "python3.11", "a-b"}) {
    EXPECT_TRUE(is_valid_package_name(name)) << name;
  }
  for (const char* name : {"", "a", "-ab", "+ab", ".ab", "Bash", "lib_x", "a b", "a;b", "a$b",
                           "a/b", "a:amd64", "caf\xc3\xa9"}) {
    EXPECT_FALSE(is_valid_package_name(name)) << name;
  }
}

TEST(DebianNamesTest, ArchitectureNamesFollowDpkg) {
  for (const char* name : {"amd64", "i386", "arm64", "x32", "kfreebsd-amd64", "musl-linux-arm64"}) {
    EXPECT_TRUE(is_valid_architecture_name(name)) << name;
  }
  for (const char* name : {"", "-amd64", "amd_64", "amd64;", "am d64", "amd64\n"}) {
    EXPECT_FALSE(is_valid_architecture_name(name)) << name;
  }
}

TEST(MessageTextTest, ExcerptEscapesAndCuts) {
  EXPECT_EQ(message_excerpt("plain text"), "plain text");
  EXPECT_EQ(message_excerpt("a'b\"c\\d\x1b\xff"), "a\\x27b\\x22c\\x5cd\\x1b\\xff");
  EXPECT_EQ(message_excerpt("abcdefgh", 4), "abcd...");
}

TEST(MessageTextTest, ControlCharactersOnly) {
  EXPECT_EQ(without_control_characters("x 'y' \\ \xc3\xa9\t\x7f"), "x 'y' \\ \xc3\xa9\\x09\\x7f");
}

}  // namespace
}  // namespace patchplan::inventory
