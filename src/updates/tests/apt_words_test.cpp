// apt's text primitives: word splitting with quotes and brackets, C-style words, booleans,
// %-quoting and list file names.
#include "updates/apt_words.hpp"

#include <gtest/gtest.h>

#include "updates/list_file_names.hpp"

namespace patchplan::updates {
namespace {

using detail::parse_c_word;
using detail::parse_quote_word;

TEST(AptWordsTest, QuoteWordKeepsQuotedAndBracketedBlanks) {
  std::string_view text = "\"a b\"c[x y]z  next";
  EXPECT_EQ(parse_quote_word(text), "a bc[x y]z");
  EXPECT_EQ(text, "next");
  EXPECT_EQ(parse_quote_word(text), "next");
  EXPECT_EQ(parse_quote_word(text), std::nullopt);
}

TEST(AptWordsTest, QuoteWordDecodesPercentEscapes) {
  std::string_view text = "a%20b%zz%4";
  EXPECT_EQ(parse_quote_word(text), "a b%zz%4");
}

TEST(AptWordsTest, QuoteWordRefusesUnclosedQuoteOrBracket) {
  std::string_view quote = "\"open";
  EXPECT_EQ(parse_quote_word(quote), std::nullopt);
  EXPECT_EQ(quote, "\"open");
  std::string_view bracket = "[open";
  EXPECT_EQ(parse_quote_word(bracket), std::nullopt);
}

TEST(AptWordsTest, CWordConcatenatesQuotedStringsOnly) {
  std::string_view two = "\"x\"   \"y\"";
  EXPECT_EQ(parse_c_word(two), "x y");
  std::string_view bare = "bare";
  EXPECT_EQ(parse_c_word(bare), std::nullopt);
  EXPECT_EQ(bare, "bare");
  std::string_view open = "\"x";
  EXPECT_EQ(parse_c_word(open), std::nullopt);
}

TEST(AptWordsTest, StringToBoolAcceptsAptsWordsAndNumbers) {
  for (std::string_view yes : {"yes", "TRUE", "with", "On", "enable", "1", "0x1"}) {
    EXPECT_EQ(detail::string_to_bool(yes, -1), 1) << yes;
  }
  for (std::string_view no : {"no", "False", "without", "OFF", "disable", "0", ""}) {
    EXPECT_EQ(detail::string_to_bool(no, -1), 0) << no;
  }
  for (std::string_view other : {"maybe", "2", "yes please"}) {
    EXPECT_EQ(detail::string_to_bool(other, -1), -1) << other;
  }
}

TEST(AptWordsTest, QuoteStringUsesLowercaseHex) {
  EXPECT_EQ(detail::quote_string("a~b c%\x7f", "~"), "a%7eb%20c%25%7f");
}

// The names apt 2.6 gave these URIs in `apt-get update` on a local copy: repository.
TEST(ListFileNamesTest, NamesAsAptWritesThem) {
  EXPECT_EQ(uri_to_file_name("http://deb.debian.org/debian/dists/bookworm/InRelease"),
            "deb.debian.org_debian_dists_bookworm_InRelease");
  EXPECT_EQ(uri_to_file_name("copy:/tmp/upd-x/re~po+x/./Packages"),
            "_tmp_upd-x_re%7epo+x_._Packages");
  EXPECT_EQ(uri_to_file_name("copy://user:pw@/tmp/upd-x/rep2/dists/suite%2b1/Release"),
            "_tmp_upd-x_rep2_dists_suite%252b1_Release");
  EXPECT_EQ(uri_to_file_name("https://user:secret@mirror.example:8080/debian/dists/s/InRelease"),
            "mirror.example:8080_debian_dists_s_InRelease");
  EXPECT_EQ(uri_to_file_name("http://h/a_b=c/dists/x/InRelease"), "h_a%5fb%3dc_dists_x_InRelease");
}

TEST(ListFileNamesTest, MetaIndexUrisForDistsFlatAndRoot) {
  EXPECT_EQ(meta_index_uri("http://h/d/", "bookworm", "InRelease"),
            "http://h/d/dists/bookworm/InRelease");
  EXPECT_EQ(meta_index_uri("http://h/d/", "./", "Release"), "http://h/d/./Release");
  EXPECT_EQ(meta_index_uri("http://h/d/", "sub/dir/", "Packages"), "http://h/d/sub/dir/Packages");
  EXPECT_EQ(meta_index_uri("http://h/d/", "/", "Release"), "http://h/d/Release");
  EXPECT_EQ(meta_index_uri("http://h/d/", "s+1~rc", "InRelease"),
            "http://h/d/dists/s%2b1%7erc/InRelease");
}

TEST(ListFileNamesTest, UriParsingOfHostsPortsAndUsers) {
  ParsedUri uri = ParsedUri::parse("http://us%40er:p%3ass@[::1]:8080/path");
  EXPECT_EQ(uri.access, "http");
  EXPECT_EQ(uri.user, "us@er");
  EXPECT_EQ(uri.password, "p:ss");
  EXPECT_EQ(uri.host, "::1");
  EXPECT_EQ(uri.port, 8080u);
  EXPECT_EQ(uri.path, "/path");
  EXPECT_EQ(ParsedUri::parse("file:/srv/repo").host, "");
  EXPECT_EQ(ParsedUri::parse("cdrom:[Debian 12]/").path, "/");
}

}  // namespace
}  // namespace patchplan::updates
