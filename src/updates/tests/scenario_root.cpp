// Scenario roots and the side-by-side views of patchplan and apt.
#include "updates/tests/scenario_root.hpp"

#include <fmt/format.h>

#include "inventory/dpkg_status.hpp"
#include "updates/tests/apt_oracle.hpp"

namespace patchplan::updates::testing {

std::string package_stanza(const std::string& name, const std::string& version,
                           const std::string& architecture, const std::string& extra) {
  return fmt::format(
      "Package: {}\nVersion: {}\nArchitecture: {}\nMaintainer: Test <t@example.org>\n"
      "Installed-Size: 10\nFilename: pool/{}_{}_{}.deb\nSize: 1000\n{}Description: {}\n\n",
      name, version, architecture, name, version, architecture, extra, name);
}

std::string status_stanza(const std::string& name, const std::string& version,
                          const std::string& architecture, const std::string& extra) {
  return fmt::format(
      "Package: {}\nStatus: install ok installed\nPriority: optional\nMaintainer: Test "
      "<t@example.org>\nArchitecture: {}\nVersion: {}\nInstalled-Size: 10\n{}Description: {}\n\n",
      name, architecture, version, extra, name);
}

std::string release_text(const std::string& origin, const std::string& label,
                         const std::string& suite, const std::string& codename,
                         const std::string& extra) {
  return fmt::format(
      "Origin: {}\nLabel: {}\nSuite: {}\nCodename: {}\nDate: Thu, 03 Dec 2026 00:00:00 UTC\n"
      "Architectures: amd64 i386\nComponents: main contrib\n{}",
      origin, label, suite, codename, extra);
}

Expected<UpdateAssessment> ScenarioRoot::assess(const std::string& native) const {
  auto root = RootFs::open(dir_.path().string());
  if (!root) return root.error();
  auto status = inventory::read_dpkg_status(*root);
  if (!status) return status.error();
  UpdateOptions options;
  options.native_architecture = native;
  return assess_updates(*root, *status, options);
}

PolicyView our_view(const ScenarioRoot& root, const std::string& native) {
  PolicyView view;
  auto assessment = root.assess(native);
  if (!assessment) {
    view.error = assessment.error().message;
    return view;
  }
  for (const PackageUpdate& package : assessment->packages) {
    std::string arch = package.architecture == "all" ? native : package.architecture;
    std::string key = arch == native ? package.name : package.name + ":" + arch;
    view.candidates[key] = package.candidate_version.value_or("(none)");
  }
  for (const PackageUpdate* package : assessment->upgradable()) {
    view.upgradable.push_back(
        fmt::format("{} {} {}", package->name, package->architecture, *package->candidate_version));
  }
  return view;
}

PolicyView apt_view(const ScenarioRoot& root, const std::string& native,
                    const std::string& extra_config) {
  PolicyView view;
  patchplan::testing::TempDir work;
  AptSandbox sandbox(root.path(), work.path(), native, extra_config);

  // The installed packages, as "name:arch" queries, from our own status reader.
  auto fs_root = RootFs::open(root.path().string());
  auto status = fs_root ? inventory::read_dpkg_status(*fs_root)
                        : Expected<inventory::StatusDatabase>(fs_root.error());
  std::vector<std::string> queries;
  if (status) {
    for (const auto& package : status->packages) {
      if (!package.has_current_version()) continue;
      std::string arch = package.architecture == "all" ? native : package.architecture;
      queries.push_back(package.name + ":" + arch);
    }
  }
  std::vector<std::string> argv = {"apt-cache", "policy"};
  argv.insert(argv.end(), queries.begin(), queries.end());
  ProcessResult policy = sandbox.run(argv);
  if (policy.exit_code != 0) {
    view.error = policy.err;
    return view;
  }
  view.candidates = parse_policy_candidates(policy.out);
  ProcessResult list = sandbox.run({"apt", "list", "--upgradable"});
  for (const UpgradableLine& line : parse_apt_list(list.out)) {
    view.upgradable.push_back(fmt::format("{} {} {}", line.name, line.architecture, line.version));
  }
  return view;
}

std::string describe(const PolicyView& view) {
  std::string text;
  if (!view.error.empty()) text += "error: " + view.error + "\n";
  for (const auto& [name, candidate] : view.candidates) text += name + " -> " + candidate + "\n";
  text += "upgradable:\n";
  for (const std::string& line : view.upgradable) text += "  " + line + "\n";
  return text;
}

}  // namespace patchplan::updates::testing
