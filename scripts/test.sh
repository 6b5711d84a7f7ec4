#!/usr/bin/env bash
# The second README command: install what is missing, build everything, run the whole test suite.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" -DPATCHPLAN_WERROR=ON
cd "${PATCHPLAN_BUILD_DIR:-$top/build}"
exec ctest --output-on-failure -j"$(nproc)"
