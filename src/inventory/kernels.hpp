// Kernels of a host: the one running (local host only) and those installed, as kernel
// release strings ("6.1.0-18-amd64").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/root_fs.hpp"
#include "inventory/installed_package.hpp"

namespace patchplan::inventory {

// `override` when given; else uname(2)'s release for the local root "/"; else
// std::nullopt, since an offline root does not say which kernel it boots.
std::optional<std::string> running_kernel(const RootFs& root, std::optional<std::string> override);

// The kernel release a linux-image package installs, from its name: "linux-image-" then
// a release starting with a digit. Debian's "-unsigned" builds and Ubuntu's
// "linux-image-unsigned-" name the same release; meta packages (linux-image-amd64) and
// debug symbols ("-dbg", "-dbgsym") are not kernels: std::nullopt.
std::optional<std::string> kernel_release_of_package(std::string_view package_name);

// Releases of the kernels installed in `root`: linux-image packages whose files are on
// disk (has_current_version) and /boot/vmlinuz-* or /boot/vmlinux-* files, each once,
// ordered by Debian version order of the release, oldest first. A /boot that cannot be
// listed adds a warning.
std::vector<std::string> installed_kernels(const RootFs& root,
                                           const std::vector<InstalledPackage>& packages,
                                           std::vector<std::string>& warnings);

}  // namespace patchplan::inventory
