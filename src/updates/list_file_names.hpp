// How apt names the files it downloads into var/lib/apt/lists: its URI parsing
// (strutl.cc URI::CopyFrom), URItoFileName and the Release/index URIs of a source.
#pragma once

#include <string>
#include <string_view>

namespace patchplan::updates {

// A URI split as apt's URI class does: "access://user:password@host:port/path".
struct ParsedUri {
  std::string access;
  std::string user;
  std::string password;
  std::string host;
  unsigned port = 0;
  std::string path;  // "/" when the URI has none

  // URI::CopyFrom; accepts any text, as apt does.
  static ParsedUri parse(std::string_view uri);

  // URI::operator string.
  [[nodiscard]] std::string to_string() const;
};

// URItoFileName: the URI without access, user and password, unsafe bytes %-quoted and
// '/' turned into '_'. "http://deb.debian.org/debian/dists/bookworm/InRelease" gives
// "deb.debian.org_debian_dists_bookworm_InRelease".
std::string uri_to_file_name(std::string_view uri);

// pkgAcquire::URIEncode with apt's default Acquire::URIEncode ("+~ " are %-quoted).
std::string uri_encode(std::string_view part);

// constructMetaIndexURI (debmetaindex.cc): where a source's `file` lives. Suite "/" is
// the URI itself, a suite ending in '/' (flat repository) is appended as is, any other
// suite is "dists/SUITE/".
std::string meta_index_uri(std::string_view uri, std::string_view suite, std::string_view file);

}  // namespace patchplan::updates
