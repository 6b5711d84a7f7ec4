// Which packages built from the kernel source run kernel code on this host (issue 3,
// "Kernel"): only the image of the running kernel does.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "vulns/finding.hpp"

namespace patchplan::vulns {

// True for the source packages of Debian's kernel: "linux" (after matched_source has
// mapped "linux-signed-*" to it).
bool is_kernel_source(std::string_view source);

// The exposure of binary `package` of a kernel source: its image when its release
// (inventory::kernel_release_of_package) is `running_kernel`, another image, or headers,
// linux-libc-dev, tools and debug symbols. An unknown running kernel (offline root) makes
// every image kRunningKernelUnknown.
Exposure kernel_exposure(std::string_view package,
                         const std::optional<std::string>& running_kernel);

}  // namespace patchplan::vulns
