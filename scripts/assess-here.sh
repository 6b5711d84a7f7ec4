#!/usr/bin/env bash
# The first README command: install what is missing, build, and assess this machine.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
# The same warning flags as the test build, so that switching between the two README
# commands rebuilds only the test targets, not the whole tree.
"$top/scripts/build.sh" -DPATCHPLAN_WERROR=ON -DPATCHPLAN_BUILD_TESTS=OFF -DPATCHPLAN_BUILD_BENCH=OFF
exec "${PATCHPLAN_BUILD_DIR:-$top/build}/src/cli/patchplan" assess "$@"
