#!/usr/bin/env bash
# Build and run the whole test suite: a plain build and an ASan+UBSan build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
# Chromium for the report's browser test; without it that one test says SKIP.
scripts/deps.sh --browser || echo "rotas: chromium not installed; the browser test will skip" >&2
# slurm-wlm and munge for the one-node Slurm test; without them that test says SKIP.
scripts/deps.sh --cluster || echo "rotas: slurm-wlm not installed; the Slurm test will skip" >&2
jobs=$(nproc 2>/dev/null || echo 2)
scripts/format.sh --check
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
(cd build && ctest --output-on-failure -j "$jobs")
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DROTAS_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ctest --output-on-failure -j "$jobs")
