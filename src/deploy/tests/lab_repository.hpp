// A local apt repository of small demo packages, built at test time with dpkg-deb.
#pragma once

#include <filesystem>
#include <string>

namespace patchplan::deploy::testing {

// The packages (Architecture: all, maintainer scripts that only use $DPKG_ROOT):
//   demo-lib 1.0-1, 1.1-1: /usr/lib/demo/libdemo.so (a real shared library, so a process
//     can map it and keep the deleted file mapped after an upgrade);
//   demo-svc 1.0-1 (Depends demo-lib >= 1.0; conffile /etc/demo-svc/demo.conf
//     "greeting=hello"), 1.1-1 (conffile "greeting=hi", Depends demo-lib >= 1.1),
//     1.2-1 (postinst exits 1), 1.3-1 (installs, but "demo-svc --health" exits 1);
//   demo-extra 1.0-1: a new dependency of demo-svc 1.3-1;
//   demo-slow 1.0-1, 1.1-1: postinst sleeps $DEMO_SLEEP seconds (default 1), so that a
//     kill can land in the middle of dpkg.
struct LabRepository {
  std::filesystem::path dir;  // Packages, Packages.gz, Release and the .debs
};

// Builds the repository once per test program (under the temp dir, removed at exit) and
// returns it; a failing dpkg-deb or dpkg-scanpackages fails the calling test.
const LabRepository& lab_repository();

// The shell line a health check runs for demo-svc inside the target of PATCHPLAN_ROOT.
inline constexpr const char* kDemoHealthScript =
    "exec sh \"$PATCHPLAN_ROOT/usr/bin/demo-svc\" --health";

}  // namespace patchplan::deploy::testing
