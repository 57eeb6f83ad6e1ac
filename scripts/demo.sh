#!/usr/bin/env bash
# Install what is missing, build rotas, and run the main job on the demo county:
# import and validate it, summarise it, plan next year's rotation, check the plan,
# timetable the first cluster, and render both for people (Excel, HTML).
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
"$rotas" plan out/demo.db --time-limit 30 -o out/plan.json
"$rotas" check out/demo.db out/plan.json
"$rotas" timetable out/demo.db --cluster C01 --time-limit 20 -o out/timetable-C01.json
"$rotas" render out/plan.json --county out/demo.db --xlsx out/plan.xlsx --html out/plan.html
"$rotas" render out/timetable-C01.json --county out/demo.db --xlsx out/timetable-C01.xlsx \
    --html out/timetable-C01.html
