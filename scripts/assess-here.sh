#!/usr/bin/env bash
# The first README command: install what is missing, build, and assess this machine.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" -DPATCHPLAN_BUILD_TESTS=OFF -DPATCHPLAN_BUILD_BENCH=OFF
exec "${PATCHPLAN_BUILD_DIR:-$top/build}/src/cli/patchplan" assess "$@"
