#!/bin/bash
# rotas plan against an independent reference model (tests/ref/reference.mod, solved by
# glpsol): on 300 fixed seeds of tiny random counties (tests/ref/tiny_county.py) the objectives
# agree, rotas check accepts every plan, and the planner relaxes a rule exactly when the
# reference model has no plan under all rules. Failing seeds keep their files under
# $BUILD/plan_reference/seed-N/. ROTAS_REF_SEEDS sets the number of seeds.
set -u
ROTAS=$1
SRC=$2
BUILD=$3
command -v glpsol > /dev/null || { echo "SKIP: glpsol not installed"; exit 0; }
command -v python3 > /dev/null || { echo "SKIP: python3 not installed"; exit 0; }
work="$BUILD/plan_reference"
rm -rf "$work"
python3 "$SRC/tests/ref/run_reference.py" "$ROTAS" "$work" --seeds "${ROTAS_REF_SEEDS:-300}" --quiet
