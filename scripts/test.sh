#!/usr/bin/env bash
# The second README command: install what is missing, build everything, run the whole test suite.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
# Tests and benchmarks on explicitly: the first command may have configured the same build
# folder without them, and CMake keeps such settings in its cache.
"$top/scripts/build.sh" -DPATCHPLAN_WERROR=ON -DPATCHPLAN_BUILD_TESTS=ON -DPATCHPLAN_BUILD_BENCH=ON
cd "${PATCHPLAN_BUILD_DIR:-$top/build}"
exec ctest --output-on-failure --no-tests=error -j"$(nproc)"
