// apt_preferences(5): the pin stanzas of etc/apt/preferences and etc/apt/preferences.d,
// read as apt's ReadPinFile/ReadPinDir do (apt-pkg/policy.cc).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/expected.hpp"
#include "common/root_fs.hpp"
#include "updates/apt_config.hpp"

namespace patchplan::updates {

// pkgVersionMatch::MatchType of a pin.
enum class PinKind { kVersion, kRelease, kOrigin };

// The "Pin-Priority: never" of apt 3.0 (policy.cc NEVER_PIN).
inline constexpr int kNeverPin = -32768;

// Which apt's rules apply where apt 2.6 (Debian 12) and apt 3.0 (Debian 13) differ.
enum class AptSemantics { kApt26, kApt30 };

struct PinStanza {
  std::vector<std::string> packages;  // the Package field's names; empty for "Package: *"
  PinKind kind = PinKind::kRelease;
  std::string data;    // the Pin field after its first word, e.g. "a=bookworm-backports"
  int priority = 0;    // Pin-Priority; kNeverPin for "never" under apt 3.0
  std::string origin;  // "FILE:LINE"
};

// Parses one preferences file. Stanzas without Pin are ignored; an unknown pin type (or
// "version" with Package: *) is ignored with a notice, as apt does. Errors, as apt's:
// a stanza without Package, a priority that is missing, zero, or outside -32768..32767.
Expected<std::vector<PinStanza>> parse_preferences(std::string_view text, std::string_view file,
                                                   AptSemantics semantics,
                                                   std::vector<std::string>& notices);

// Reads Dir::Etc::preferences, then the files of Dir::Etc::preferencesparts (extension
// "pref" or none, sorted). Missing files and directories are not errors.
Expected<std::vector<PinStanza>> read_preferences(const RootFs& root, const AptConfig& config,
                                                  AptSemantics semantics,
                                                  std::vector<std::string>& notices);

}  // namespace patchplan::updates
