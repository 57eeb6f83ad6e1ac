#!/usr/bin/env bash
# Install what is missing, build rotas, and run the main job on the demo county:
# import and validate it, summarise it, plan next year's rotation, and timetable one cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs" --target rotas >/dev/null
mkdir -p out
rm -f out/demo.db out/demo.db-wal out/demo.db-shm
rotas=build/rotas
set -x
"$rotas" import datasets/demo-county.json --db out/demo.db
"$rotas" summary out/demo.db
