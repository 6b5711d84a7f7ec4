// Test fixtures shared by the changelog fetch tests: tiny binary packages of source
// vulndemo built with dpkg-deb, with or without a changelog of their own.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/tests/run_process.hpp"

namespace patchplan::feeds::testing {

// The changelog of vulndemo 1.0-2+deb12u1: CVE-2099-0002 fixed in it, CVE-2099-0001 in 1.0-1.
constexpr const char* kVulndemoChangelog =
    "vulndemo (1.0-2+deb12u1) bookworm-security; urgency=high\n\n"
    "  * Fix CVE-2099-0002.\n\n"
    " -- Demo Maintainer <demo@example.org>  Mon, 01 Jun 2026 10:00:00 +0200\n\n"
    "vulndemo (1.0-1) unstable; urgency=medium\n\n"
    "  * Initial release, fixes CVE-2099-0001.\n\n"
    " -- Demo Maintainer <demo@example.org>  Mon, 01 Jan 2026 10:00:00 +0100\n";

constexpr const char* kVulndemoVersion = "1.0-2+deb12u1";

// Builds binary `package` of source vulndemo 1.0-2+deb12u1 into `work` with dpkg-deb -Z`z`
// and returns the .deb's path; `doc_link` makes its doc folder a symlink to that package's
// instead of a changelog.
inline std::filesystem::path build_vulndemo_deb(const std::filesystem::path& work,
                                                const std::string& package, const std::string& z,
                                                const std::string& doc_link = {}) {
  namespace fs = std::filesystem;
  using patchplan::testing::run_process;
  fs::path tree = work / ("tree-" + package + "-" + z);
  fs::create_directories(tree / "DEBIAN");
  std::ofstream(tree / "DEBIAN/control")
      << "Package: " << package << "\nSource: vulndemo\nVersion: " << kVulndemoVersion
      << "\nArchitecture: amd64\nMaintainer: Demo <demo@example.org>\nDescription: demo\n";
  fs::path doc = tree / "usr/share/doc" / package;
  if (doc_link.empty()) {
    fs::create_directories(doc);
    std::ofstream(doc / "changelog.Debian") << kVulndemoChangelog;
    auto gzip = run_process({"gzip", "-9n", (doc / "changelog.Debian").string()});
    EXPECT_EQ(gzip.exit_code, 0) << gzip.err;
    std::ofstream(doc / "copyright") << "demo\n";
  } else {
    fs::create_directories(doc.parent_path());
    fs::create_directory_symlink(doc_link, doc);
  }
  fs::path deb = work / fmt::format("{}_{}_amd64.{}.deb", package, kVulndemoVersion, z);
  auto built = run_process(
      {"dpkg-deb", "--root-owner-group", "-Z" + z, "--build", tree.string(), deb.string()});
  EXPECT_EQ(built.exit_code, 0) << built.err;
  return deb;
}

}  // namespace patchplan::feeds::testing
