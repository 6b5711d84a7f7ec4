// Building the demo packages and their flat repository (after the shared lab's
// build-debs.sh): dpkg-deb --root-owner-group, dpkg-scanpackages --multiversion, and a
// Release file with Date and SHA256 lines so that apt does not warn.
#include "deploy/tests/lab_repository.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "common/tests/run_process.hpp"

namespace patchplan::deploy::testing {
namespace {

namespace fs = std::filesystem;
using patchplan::testing::run_process;

struct DemoPackage {
  std::string name;
  std::string version;
  std::string depends;
  std::string postinst_body = "exit 0";
  int health = 0;
};

void write(const fs::path& path, const std::string& text, fs::perms mode = fs::perms(0644)) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
  fs::permissions(path, mode);
}

void build(const DemoPackage& package, const fs::path& work, const fs::path& repo) {
  fs::path tree = work / (package.name + "_" + package.version);
  fs::create_directories(tree / "DEBIAN");
  std::string control = fmt::format(
      "Package: {}\nVersion: {}\nArchitecture: all\nMaintainer: Deploy Lab "
      "<lab@example.invalid>\nSection: misc\nPriority: optional\n{}Description: demo package "
      "for deployment tests\n Small package for install, upgrade and rollback.\n",
      package.name, package.version,
      package.depends.empty() ? "" : "Depends: " + package.depends + "\n");
  write(tree / "DEBIAN/control", control);
  write(tree / "DEBIAN/postinst",
        fmt::format("#!/bin/sh\necho \"postinst {} {} $*\"\n{}\n", package.name, package.version,
                    package.postinst_body),
        fs::perms(0755));
  write(tree / "usr/share/doc" / package.name / "VERSION", package.version + "\n");
  if (package.name == "demo-lib") {
    fs::create_directories(tree / "usr/lib/demo");
    fs::copy_file("/lib/x86_64-linux-gnu/libz.so.1", tree / "usr/lib/demo/libdemo.so");
  }
  if (package.name == "demo-svc") {
    write(tree / "usr/bin/demo-svc",
          fmt::format("#!/bin/sh\n# demo-svc {0}\ncase \"$1\" in\n  --version) echo {0} ;;\n"
                      "  --health) echo \"health {1} {0}\"; exit {1} ;;\nesac\n",
                      package.version, package.health),
          fs::perms(0755));
    write(tree / "etc/demo-svc/demo.conf",
          package.version == "1.0-1" ? "greeting=hello\n" : "greeting=hi\n");
    write(tree / "DEBIAN/conffiles", "/etc/demo-svc/demo.conf\n");
  }
  auto result = run_process(
      {"dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "--build", tree.string(), repo.string()});
  ASSERT_EQ(result.exit_code, 0) << "dpkg-deb " << package.name << ": " << result.err;
}

std::string sha256_line(const fs::path& file) {
  auto result = run_process({"sha256sum", file.string()});
  std::string digest = result.out.substr(0, result.out.find(' '));
  return fmt::format(" {} {} {}\n", digest, fs::file_size(file), file.filename().string());
}

void write_index(const fs::path& repo) {
  auto scan = run_process({"dpkg-scanpackages", "--multiversion", repo.string(), "/dev/null"});
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  // dpkg-scanpackages names files by the path it was given; the index needs them relative.
  std::string index;
  std::string prefix = "Filename: " + repo.string() + "/";
  std::size_t start = 0;
  while (start < scan.out.size()) {
    std::size_t end = scan.out.find('\n', start);
    if (end == std::string::npos) end = scan.out.size();
    std::string line = scan.out.substr(start, end - start);
    if (line.starts_with(prefix)) line = "Filename: ./" + line.substr(prefix.size());
    index += line + "\n";
    start = end + 1;
  }
  write(repo / "Packages", index);
  auto gzip = run_process({"gzip", "-9kf", (repo / "Packages").string()});
  ASSERT_EQ(gzip.exit_code, 0) << gzip.err;
  auto date = run_process({"date", "-Ru"});
  std::string release =
      "Origin: DeployLab\nLabel: DeployLab\nSuite: lab\nCodename: lab\nArchitectures: all "
      "amd64\nComponents: main\nDescription: demo packages for deployment tests\nDate: " +
      date.out + "SHA256:\n" + sha256_line(repo / "Packages") + sha256_line(repo / "Packages.gz");
  write(repo / "Release", release);
}

LabRepository build_repository() {
  std::string pattern = (fs::temp_directory_path() / "patchplan-lab-XXXXXX").string();
  fs::path top = ::mkdtemp(pattern.data());
  static fs::path cleanup_dir;
  cleanup_dir = top;
  std::atexit([] {
    std::error_code ignored;
    fs::remove_all(cleanup_dir, ignored);
  });
  fs::path repo = top / "repo";
  fs::create_directories(repo);
  const std::string kFail = "echo \"postinst: simulated failure\" >&2\nexit 1";
  const std::string kSlow = "sleep \"${DEMO_SLEEP:-1}\"\nexit 0";
  std::vector<DemoPackage> packages = {
      {"demo-lib", "1.0-1", ""},
      {"demo-lib", "1.1-1", ""},
      {"demo-svc", "1.0-1", "demo-lib (>= 1.0)"},
      {"demo-svc", "1.1-1", "demo-lib (>= 1.1)"},
      {"demo-svc", "1.2-1", "demo-lib (>= 1.1)", kFail},
      {"demo-svc", "1.3-1", "demo-lib (>= 1.1), demo-extra", "exit 0", 1},
      {"demo-extra", "1.0-1", ""},
      {"demo-slow", "1.0-1", "", kSlow},
      {"demo-slow", "1.1-1", "", kSlow},
      // Named as Debian's kernels are, so that a change installing it needs a reboot.
      {"linux-image-demo", "1.0-1", ""},
      {"linux-image-demo", "1.1-1", ""},
  };
  for (const auto& package : packages) {
    build(package, top / "build", repo);
    if (::testing::Test::HasFatalFailure()) return {};
  }
  write_index(repo);
  return {repo};
}

}  // namespace

const LabRepository& lab_repository() {
  static const LabRepository repository = build_repository();
  return repository;
}

}  // namespace patchplan::deploy::testing
