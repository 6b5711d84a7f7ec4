#!/usr/bin/env bash
# Fails if a C++ file changed since $FORMAT_BASE (default: the first commit, so every file)
# is not formatted as .clang-format says.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
base=${FORMAT_BASE:-$(git rev-list --max-parents=0 HEAD | tail -n 1)}
mapfile -t files < <({ git diff --name-only --diff-filter=AM "$base" -- '*.cpp' '*.hpp';
                      git ls-files --others --exclude-standard -- '*.cpp' '*.hpp'; } | sort -u)
[ ${#files[@]} -eq 0 ] && exit 0
bad=0
for file in "${files[@]}"; do
  if ! clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
    echo "not formatted: $file (run clang-format -i $file)"
    bad=1
  fi
done
exit $bad
