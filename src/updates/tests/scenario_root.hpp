// Hand-written host roots for candidate-policy scenarios (sources, lists, status,
// preferences), and the comparison of our assessment with apt's on the same root.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/tests/test_files.hpp"
#include "updates/update_assessment.hpp"

namespace patchplan::updates::testing {

// A Packages stanza; `extra` holds further fields, one "Name: value\n" each.
std::string package_stanza(const std::string& name, const std::string& version,
                           const std::string& architecture = "amd64",
                           const std::string& extra = "");

// A dpkg status stanza of an installed package.
std::string status_stanza(const std::string& name, const std::string& version,
                          const std::string& architecture = "amd64", const std::string& extra = "");

// A Release file for the lists folder.
std::string release_text(const std::string& origin, const std::string& label,
                         const std::string& suite, const std::string& codename,
                         const std::string& extra = "");

class ScenarioRoot {
 public:
  // Writes `content` to `relative` inside the root.
  void write(const std::string& relative, const std::string& content) const {
    dir_.write(relative, content);
  }
  // Writes a list file: var/lib/apt/lists/NAME.
  void list(const std::string& name, const std::string& content) const {
    dir_.write("var/lib/apt/lists/" + name, content);
  }
  void status(const std::string& content) const { dir_.write("var/lib/dpkg/status", content); }

  [[nodiscard]] const std::filesystem::path& path() const { return dir_.path(); }

  // Our assessment of the root (native architecture amd64 unless told).
  [[nodiscard]] Expected<UpdateAssessment> assess(const std::string& native = "amd64") const;

 private:
  patchplan::testing::TempDir dir_;
};

// What both tools say about one root: the candidate of every installed package ("(none)"
// when there is none) and the upgradable list, as "name:arch candidate" lines.
struct PolicyView {
  std::map<std::string, std::string> candidates;  // "name" (native) or "name:arch"
  std::vector<std::string> upgradable;            // "name arch version", apt's order
  std::string error;                              // set when the tool refused the root
};

PolicyView our_view(const ScenarioRoot& root, const std::string& native = "amd64");
PolicyView apt_view(const ScenarioRoot& root, const std::string& native = "amd64",
                    const std::string& extra_config = "");

// Formats a PolicyView for failure messages.
std::string describe(const PolicyView& view);

}  // namespace patchplan::updates::testing
