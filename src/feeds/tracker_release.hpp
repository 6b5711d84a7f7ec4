// The meaning of one release entry of the Debian Security Tracker's JSON.
#pragma once

#include <string>

#include "feeds/advisory.hpp"

namespace patchplan::feeds::detail {

// The members of releases.CODENAME as read; flags tell which were present.
struct TrackerRelease {
  std::string status;
  std::string fixed_version;
  bool has_fixed_version = false;
  std::string urgency;
  bool has_nodsa = false;
  std::string nodsa;         // the tracker's explanation, e.g. "Minor issue"
  std::string nodsa_reason;  // the tracker's category, e.g. "postponed", "ignored", ""
  bool next_point_update = false;

  void clear();
};

enum class TrackerVerdict {
  kUsable,
  kUnusableVersion,  // fixed_version is not a Debian version: recorded as undetermined
  kUnknownStatus,    // a status word other than resolved/open/undetermined: undetermined
};

// Sets the status and release fields of `advisory` from `entry`, following the tracker's
// conventions (security-tracker data/CVE/list and bin/tracker_service.py):
// - urgency "end-of-life" (with or without "**"): kEndOfLife, whatever the status; the
//   release gets no more security support for this package, which never reads as clean
//   (a fixed_version given with it is kept, as information);
// - a trailing "**" marks an urgency the tracker guessed (urgency_unconfirmed), stripped;
// - "resolved" with fixed_version "0": kNotAffected (the release never had the code);
// - "resolved" with a version: kFixed; without one: kUndetermined;
// - "open" with a version: kFixed (a fixed version exists, the release still has an older
//   one); "open" without: kOpen, "no fix available yet";
// - "undetermined": kUndetermined.
TrackerVerdict apply_tracker_release(const TrackerRelease& entry, SourceAdvisory& advisory);

}  // namespace patchplan::feeds::detail
