// Hand-built host assessments for the matcher's rule tests: a Debian 12 host whose
// packages and apt candidates each test sets.
#pragma once

#include <optional>
#include <string>

#include "assessment/host_assessment.hpp"
#include "feeds/advisory.hpp"

namespace patchplan::vulns::testing {

inline updates::ReleaseOrigin debian_origin(std::string codename = "bookworm-security") {
  updates::ReleaseOrigin origin;
  origin.origin = "Debian";
  origin.label = codename.ends_with("-security") ? "Debian-Security" : "Debian";
  origin.suite = codename;
  origin.codename = codename;
  origin.archive_uri = "http://deb.debian.org/debian/";
  origin.component = "main";
  origin.has_release_file = true;
  return origin;
}

// A host "fixture" (debian, bookworm, 12) to which packages are added.
class HostFixture {
 public:
  HostFixture() {
    assessment_.host.hostname = "fixture";
    assessment_.host.os.id = "debian";
    assessment_.host.os.version_codename = "bookworm";
    assessment_.host.os.version_id = "12";
    assessment_.host.native_architecture = "amd64";
  }

  // Adds an installed binary; `candidate` empty means apt has no other version than the
  // installed one (candidate = installed). `from` empty makes the version status-only.
  updates::PackageUpdate& add(const std::string& name, const std::string& version,
                              const std::string& source, const std::string& source_version,
                              const std::string& candidate = {},
                              const std::string& candidate_source_version = {},
                              std::vector<updates::ReleaseOrigin> from = {debian_origin()}) {
    inventory::InstalledPackage package;
    package.name = name;
    package.architecture = "amd64";
    package.version = version;
    package.source = source;
    package.source_version = source_version;
    package.selection = inventory::Selection::kInstall;
    package.state = inventory::PackageState::kInstalled;
    assessment_.host.packages.push_back(package);

    updates::PackageUpdate update;
    update.name = name;
    update.architecture = "amd64";
    update.installed_version = version;
    update.installed_from = std::move(from);
    update.candidate_version = candidate.empty() ? version : candidate;
    update.candidate_source = source;
    update.candidate_source_version = candidate.empty() ? source_version : candidate_source_version;
    update.candidate_from = {debian_origin()};
    update.is_upgradable = !candidate.empty();
    assessment_.updates.packages.push_back(update);
    return assessment_.updates.packages.back();
  }

  void set_running_kernel(std::optional<std::string> release) {
    assessment_.host.running_kernel = std::move(release);
  }

  inventory::OsRelease& os() { return assessment_.host.os; }
  [[nodiscard]] const assessment::HostAssessment& get() const { return assessment_; }

  // The assessment with a pending entry per upgradable package (built-in priorities, in
  // the order added): call after the last add().
  assessment::HostAssessment& with_pending() {
    assessment_.pending.clear();
    for (const updates::PackageUpdate& update : assessment_.updates.packages) {
      if (update.is_upgradable) {
        assessment_.pending.push_back({&update, assessment::prioritise(update), false});
      }
    }
    return assessment_;
  }

 private:
  assessment::HostAssessment assessment_;
};

inline feeds::SourceAdvisory advisory(std::string cve, std::string source,
                                      feeds::AdvisoryStatus status, std::string fixed = {},
                                      std::string urgency = "medium") {
  feeds::SourceAdvisory a;
  a.vulnerability = std::move(cve);
  a.ecosystem = "debian";
  a.release = "bookworm";
  a.source_package = std::move(source);
  a.status = status;
  a.fixed_version = std::move(fixed);
  a.urgency = std::move(urgency);
  a.feed = feeds::FeedKind::kDebianTracker;
  return a;
}

}  // namespace patchplan::vulns::testing
