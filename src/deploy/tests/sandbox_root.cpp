// Sandbox roots after the shared lab's sandbox-env.sh, driven by patchplan's root transport.
#include "deploy/tests/sandbox_root.hpp"

#include <gtest/gtest.h>

#include "common/tests/run_process.hpp"
#include "deploy/tests/lab_repository.hpp"

namespace patchplan::deploy::testing {

namespace fs = std::filesystem;

SandboxRoot::SandboxRoot() {
  const fs::path top = root();
  for (const char* dir :
       {"etc/apt/apt.conf.d", "etc/apt/preferences.d", "etc/apt/sources.list.d",
        "etc/apt/trusted.gpg.d", "var/lib/apt/lists/partial", "var/cache/apt/archives/partial",
        "var/log/apt", "var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers",
        "var/lib/dpkg/alternatives", "var/log", "run"}) {
    fs::create_directories(top / dir);
  }
  dir_.write("root/var/lib/dpkg/status", "");
  dir_.write("root/var/lib/dpkg/available", "");
  dir_.write("root/etc/apt/sources.list",
             "deb [trusted=yes] copy:" + lab_repository().dir.string() + " ./\n");
  auto transport = open_transport(target(), work_dir().string());
  if (!transport) {
    ADD_FAILURE() << transport.error().message;
    return;
  }
  transport_ = std::move(*transport);
  auto update = transport_->run(make_command(Tool::kApt, {"apt-get", "-q", "update"}));
  if (!update) {
    ADD_FAILURE() << update.error().message;
  } else if (update->exit_code != 0) {
    ADD_FAILURE() << update->output;
  }
}

void SandboxRoot::install(const std::vector<std::string>& packages) {
  Command command = make_command(Tool::kApt,
                                 {"apt-get", "-q", "-y", "-o", "Dpkg::Options::=--force-confdef",
                                  "-o", "Dpkg::Options::=--force-confold", "install"},
                                 {{"DEBIAN_FRONTEND", "noninteractive"}});
  command.argv.insert(command.argv.end(), packages.begin(), packages.end());
  auto result = transport_->run(command);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  ASSERT_EQ(result->exit_code, 0) << result->output;
}

std::string SandboxRoot::query(const std::string& package) const {
  auto result = patchplan::testing::run_process({"dpkg-query", "--root=" + root().string(), "-W",
                                                 "-f=${Version} ${db:Status-Abbrev}", package});
  std::string out = result.out;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace patchplan::deploy::testing
