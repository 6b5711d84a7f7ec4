// Host architectures as apt determines them (apt-pkg/aptconfiguration.cc getArchitectures,
// dpkg --print-foreign-architectures reading ADMINDIR/arch).
#include "updates/host_architectures.hpp"

#include <algorithm>
#include <map>

#include "updates/apt_words.hpp"
#include "versions/deb_version.hpp"

namespace patchplan::updates {

std::string native_architecture(std::string_view requested, const AptConfig& config,
                                const inventory::StatusDatabase& status) {
  if (!requested.empty()) return std::string(requested);
  if (std::string configured = config.find("APT::Architecture"); !configured.empty()) {
    return configured;
  }
  std::map<std::string, std::size_t> counts;
  for (const auto& package : status.packages) {
    if (!package.has_current_version()) continue;
    if (package.name == "dpkg" && package.architecture != "all") return package.architecture;
    if (package.architecture != "all") ++counts[package.architecture];
  }
  auto most = std::max_element(counts.begin(), counts.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  return most == counts.end() ? std::string() : most->first;
}

std::vector<std::string> apt_architectures(const RootFs& root, const AptConfig& config,
                                           const std::string& native,
                                           std::string_view status_path) {
  std::vector<std::string> archs = config.find_vector("APT::Architectures");
  if (archs.empty()) {
    archs.push_back(native);
    std::string admindir(status_path.substr(0, status_path.rfind('/') + 1));
    if (auto text = root.read_file(admindir + "arch", 1u << 20)) {
      for (std::string_view line : detail::vectorize(*text, '\n')) {
        while (!line.empty() && detail::is_space(line.back())) line.remove_suffix(1);
        if (!line.empty() && line != native && line != "all" && line != "any") {
          archs.emplace_back(line);
        }
      }
    }
  }
  if (std::find(archs.begin(), archs.end(), native) == archs.end()) {
    archs.insert(archs.begin(), native);
  }
  // Drop empty entries and later duplicates.
  std::vector<std::string> unique;
  for (std::string& arch : archs) {
    if (!arch.empty() && std::find(unique.begin(), unique.end(), arch) == unique.end()) {
      unique.push_back(std::move(arch));
    }
  }
  return unique;
}

AptSemantics installed_apt_semantics(const inventory::StatusDatabase& status) {
  for (const auto& package : status.packages) {
    if (package.name == "apt" && package.has_current_version()) {
      auto newer = versions::compare_checked(package.version, "2.9~");
      return (newer && *newer >= 0) ? AptSemantics::kApt30 : AptSemantics::kApt26;
    }
  }
  return AptSemantics::kApt26;
}

}  // namespace patchplan::updates
