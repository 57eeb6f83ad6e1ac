#!/usr/bin/env bash
# Format the C sources with clang-format (.clang-format), or with --check list the files that
# differ from it and fail (CI runs the check).   usage: scripts/format.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "rotas: clang-format not installed (scripts/deps.sh)" >&2; exit 1; }
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null || find src include tests bench -name '*.[ch]')
if [ "${1:-}" = "--check" ]; then
    bad=()
    for f in "${files[@]}"; do
        clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
    done
    if [ ${#bad[@]} -gt 0 ]; then
        echo "rotas: not formatted as .clang-format says (run scripts/format.sh): ${bad[*]}" >&2
        exit 1
    fi
    echo "rotas: format check: ${#files[@]} files ok" >&2
else
    clang-format -i "${files[@]}"
fi
