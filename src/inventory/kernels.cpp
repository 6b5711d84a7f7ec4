// Kernel releases from uname(2), linux-image packages and /boot.
#include "inventory/kernels.hpp"

#include <sys/utsname.h>

#include <algorithm>

#include "versions/deb_version.hpp"

namespace patchplan::inventory {
namespace {

bool is_release_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '+' || c == '-' || c == '~' || c == '_';
}

// A kernel release as uname -r prints it: starts with a digit, no blanks or shell syntax.
bool is_release(std::string_view text) {
  return !text.empty() && text.front() >= '0' && text.front() <= '9' &&
         std::ranges::all_of(text, is_release_char);
}

// The release of a /boot image name, or std::nullopt for other files (config-*,
// System.map-*, backups like "vmlinuz-6.1.0-18-amd64.old").
std::optional<std::string> release_of_boot_file(std::string_view file) {
  for (std::string_view prefix : {"vmlinuz-", "vmlinux-"}) {
    if (!file.starts_with(prefix)) continue;
    std::string_view release = file.substr(prefix.size());
    bool backup = release.ends_with(".old") || release.ends_with(".bak") ||
                  release.find(".dpkg-") != std::string_view::npos;
    if (is_release(release) && !backup) return std::string(release);
  }
  return std::nullopt;
}

// Orders releases by Debian version order (dpkg's verrevcmp), text order breaking ties;
// releases that are not valid Debian versions come last, in text order.
void sort_releases(std::vector<std::string>& releases) {
  struct Keyed {
    std::optional<versions::DebVersion> version;
    std::string release;
  };
  std::vector<Keyed> keyed;
  for (auto& release : releases) {
    auto version = versions::parse_deb_version(release);
    keyed.push_back(
        {version ? std::optional(std::move(*version)) : std::nullopt, std::move(release)});
  }
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    if (a.version.has_value() != b.version.has_value()) return a.version.has_value();
    int order = a.version ? versions::compare_deb_versions(*a.version, *b.version) : 0;
    return order != 0 ? order < 0 : a.release < b.release;
  });
  releases.clear();
  for (auto& entry : keyed) releases.push_back(std::move(entry.release));
  releases.erase(std::unique(releases.begin(), releases.end()), releases.end());
}

}  // namespace

std::optional<std::string> running_kernel(const RootFs& root, std::optional<std::string> override) {
  if (override) return override;
  if (!root.is_host_root()) return std::nullopt;
  utsname names{};
  if (::uname(&names) != 0) return std::nullopt;
  return std::string(names.release);
}

std::optional<std::string> kernel_release_of_package(std::string_view package_name) {
  constexpr std::string_view kPrefix = "linux-image-";
  if (!package_name.starts_with(kPrefix)) return std::nullopt;
  std::string_view release = package_name.substr(kPrefix.size());
  if (release.starts_with("unsigned-")) release.remove_prefix(9);
  if (release.ends_with("-dbg") || release.ends_with("-dbgsym")) return std::nullopt;
  if (release.ends_with("-unsigned")) release.remove_suffix(9);
  if (!is_release(release)) return std::nullopt;
  return std::string(release);
}

std::vector<std::string> installed_kernels(const RootFs& root,
                                           const std::vector<InstalledPackage>& packages,
                                           std::vector<std::string>& warnings) {
  std::vector<std::string> releases;
  for (const auto& package : packages) {
    if (!package.has_current_version()) continue;
    if (auto release = kernel_release_of_package(package.name)) releases.push_back(*release);
  }
  if (auto boot = root.list_dir("/boot")) {
    for (const auto& file : *boot) {
      if (auto release = release_of_boot_file(file)) releases.push_back(*release);
    }
  } else if (boot.error().code != ErrorCode::kNotFound) {
    warnings.push_back(boot.error().message);
  }
  sort_releases(releases);
  return releases;
}

}  // namespace patchplan::inventory
