#!/bin/bash
# Run a what-if batch as a Slurm job array: one shard per array task, then merge.
#
#   sbatch --array=1-8 docs/slurm-whatif.sh scenarios.json
#   # when all tasks are done:
#   rotas whatif merge results.db shards/shard-*.db -o results.json --csv results.csv
#
#SBATCH --job-name=rotas-whatif
#SBATCH --cpus-per-task=2
#SBATCH --time=02:00:00
#SBATCH --output=shards/whatif-%A_%a.log
set -euo pipefail
SCEN=${1:?usage: sbatch --array=1-N slurm-whatif.sh SCENARIOS.json}
K=${SLURM_ARRAY_TASK_ID:?run as a job array}
N=${SLURM_ARRAY_TASK_COUNT:?run as a job array}
mkdir -p shards
# each task has its own run database, so that tasks never write the same file
rotas whatif "$SCEN" --shard "$K/$N" -j "${SLURM_CPUS_PER_TASK:-1}" \
    --db "shards/shard-$K.db" -o "shards/shard-$K.json" -q
