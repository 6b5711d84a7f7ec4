// What makes two stanzas one version in apt's cache: the same version string, the same
// VersionHash over the dependency fields, compatible Size and the same Multi-Arch
// (debListParser::VersionHash and debListParser::SameVersion, apt 2.6).
#pragma once

#include <cstdint>
#include <string_view>

namespace patchplan::updates {

// The fields VersionHash reads, in its order; an absent field is empty.
struct VersionHashFields {
  std::string_view installed_size;
  std::string_view depends;
  std::string_view pre_depends;
  std::string_view conflicts;
  std::string_view breaks;
  std::string_view replaces;
};

// debListParser::VersionHash: djb2 (h = 33h + (c | 0x20), from 5381) over the bytes of
// the fields, skipping blanks and '=' and "0:" epochs, truncated to 32 bits. It makes
// a status stanza without these fields (e.g. a reconstructed one) a different version
// from the archive's stanza of the same version string.
std::uint32_t apt_version_hash(const VersionHashFields& fields);

// pkgCache::Version::VerMultiArch bits.
enum MultiArchBits : std::uint8_t {
  kMultiArchNo = 0,
  kMultiArchAll = 1,
  kMultiArchForeign = 2,
  kMultiArchSame = 4,
  kMultiArchAllowed = 8,
};

// debListParser::ParseMultiArch: "same" on an Architecture: all stanza counts as "no";
// unknown values count as "no"; the All bit is added for Architecture: all.
std::uint8_t apt_multi_arch(std::string_view multi_arch, std::string_view architecture);

// The identity of one stanza for SameVersion.
struct VersionIdentity {
  std::uint32_t hash = 0;
  std::uint64_t size = 0;  // the Size field; 0 when absent (the status file has none)
  std::uint8_t multi_arch = kMultiArchNo;
};

// debListParser::SameVersion: equal hashes and Multi-Arch, and sizes that agree unless
// either is 0.
bool same_version(const VersionIdentity& existing, const VersionIdentity& incoming);

}  // namespace patchplan::updates
