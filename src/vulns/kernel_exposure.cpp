// Kernel exposure of packages built from the kernel source.
#include "vulns/kernel_exposure.hpp"

#include "inventory/kernels.hpp"

namespace patchplan::vulns {

bool is_kernel_source(std::string_view source) { return source == "linux"; }

Exposure kernel_exposure(std::string_view package,
                         const std::optional<std::string>& running_kernel) {
  auto release = inventory::kernel_release_of_package(package);
  if (!release) return Exposure::kKernelBuildOrTools;
  if (!running_kernel) return Exposure::kRunningKernelUnknown;
  return *release == *running_kernel ? Exposure::kRunningKernel : Exposure::kOtherKernel;
}

}  // namespace patchplan::vulns
