// Status, urgency and no-DSA semantics of the Debian Security Tracker's release entries.
#include "feeds/tracker_release.hpp"

#include "versions/deb_version.hpp"

namespace patchplan::feeds::detail {
namespace {

constexpr std::string_view kGuessMark = "**";

// The verdict for a fixed version: usable as kFixed, "0" (not affected), or unusable.
enum class FixedForm { kVersion, kZero, kUnusable };

FixedForm fixed_form(std::string_view version) {
  if (version == "0") return FixedForm::kZero;
  // An issue's releases, and a package's issues, repeat the same versions: the last valid
  // one is remembered (per thread) so that each is parsed once in a row.
  thread_local std::string last_valid;
  if (version == last_valid) return FixedForm::kVersion;
  if (!versions::parse_deb_version(version)) return FixedForm::kUnusable;
  last_valid = version;
  return FixedForm::kVersion;
}

TrackerVerdict apply_status(const TrackerRelease& entry, SourceAdvisory& advisory) {
  const bool has_version = entry.has_fixed_version && !entry.fixed_version.empty();
  const FixedForm form = has_version ? fixed_form(entry.fixed_version) : FixedForm::kUnusable;
  if (entry.status == "resolved" || entry.status == "open") {
    if (!has_version) {
      advisory.status =
          entry.status == "open" ? AdvisoryStatus::kOpen : AdvisoryStatus::kUndetermined;
      return TrackerVerdict::kUsable;
    }
    if (form == FixedForm::kUnusable) {
      advisory.status = AdvisoryStatus::kUndetermined;
      return TrackerVerdict::kUnusableVersion;
    }
    if (form == FixedForm::kZero) {
      advisory.status = AdvisoryStatus::kNotAffected;
      return TrackerVerdict::kUsable;
    }
    advisory.status = AdvisoryStatus::kFixed;
    advisory.fixed_version = entry.fixed_version;
    return TrackerVerdict::kUsable;
  }
  advisory.status = AdvisoryStatus::kUndetermined;
  return entry.status == "undetermined" ? TrackerVerdict::kUsable : TrackerVerdict::kUnknownStatus;
}

}  // namespace

void TrackerRelease::clear() {
  status.clear();
  fixed_version.clear();
  has_fixed_version = false;
  urgency.clear();
  has_nodsa = false;
  nodsa.clear();
  nodsa_reason.clear();
  next_point_update = false;
}

TrackerVerdict apply_tracker_release(const TrackerRelease& entry, SourceAdvisory& advisory) {
  advisory.fixed_version.clear();
  advisory.introduced.clear();
  advisory.last_affected.clear();
  std::string_view urgency = entry.urgency;
  advisory.urgency_unconfirmed = urgency.ends_with(kGuessMark);
  if (advisory.urgency_unconfirmed) urgency.remove_suffix(kGuessMark.size());
  advisory.urgency = urgency;
  advisory.nodsa = entry.has_nodsa;
  advisory.nodsa_note = entry.nodsa;
  advisory.nodsa_reason = entry.nodsa_reason;
  advisory.next_point_update = entry.next_point_update;

  const TrackerVerdict verdict = apply_status(entry, advisory);
  if (urgency == "end-of-life") advisory.status = AdvisoryStatus::kEndOfLife;
  return verdict;
}

}  // namespace patchplan::feeds::detail
