// apt's version identity: debListParser::VersionHash, ParseMultiArch and SameVersion
// (apt-pkg/deb/deblistparser.cc, apt 2.6).
#include "updates/version_identity.hpp"

#include "updates/apt_words.hpp"

namespace patchplan::updates {

std::uint32_t apt_version_hash(const VersionHashFields& fields) {
  std::uint32_t hash = 5381;
  for (std::string_view field : {fields.installed_size, fields.depends, fields.pre_depends,
                                 fields.conflicts, fields.breaks, fields.replaces}) {
    for (std::size_t i = 0; i < field.size(); ++i) {
      char c = field[i];
      // "0:" epochs are dropped wherever they appear (also the "0:" inside "10:").
      if (c == '0' && i + 1 < field.size() && field[i + 1] == ':') {
        ++i;
        continue;
      }
      if (detail::is_space(c) || c == '=') continue;
      // tolower_ascii_unsafe is "c | 0x20" on the (signed) char, so '_' counts as 0x7f
      // and bytes >= 0x80 as negative numbers.
      int lowered = static_cast<int>(static_cast<signed char>(c)) | 0x20;
      hash = 33 * hash + static_cast<std::uint32_t>(lowered);
    }
  }
  return hash;
}

std::uint8_t apt_multi_arch(std::string_view multi_arch, std::string_view architecture) {
  bool arch_all = architecture == "all";
  std::uint8_t bits = kMultiArchNo;
  if (multi_arch == "same") {
    bits = arch_all ? kMultiArchNo : kMultiArchSame;
  } else if (multi_arch == "foreign") {
    bits = kMultiArchForeign;
  } else if (multi_arch == "allowed") {
    bits = kMultiArchAllowed;
  }
  if (arch_all) bits |= kMultiArchAll;
  return bits;
}

bool same_version(const VersionIdentity& existing, const VersionIdentity& incoming) {
  if (existing.hash != incoming.hash) return false;
  if (incoming.size != 0 && existing.size != 0 && incoming.size != existing.size) return false;
  return existing.multi_arch == incoming.multi_arch;
}

}  // namespace patchplan::updates
