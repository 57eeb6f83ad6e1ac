#!/bin/bash
# Education-group dispatch: the same generated county planned without and with the rule
# (group_managers_per_member 1, group_key_team_per_member 1), RUNS runs each at LIMIT
# seconds; prints per configuration the median wall time, the status, the objective, the
# dispatched moves and what relaxed[] says, and checks every plan.
#   bench/bench_groups.sh [rotas binary] [schools] [seed] [limit] [runs]
set -eu
ROTAS=${1:-build/rotas}
N=${2:-120}
SEED=${3:-120}
LIMIT=${4:-20}
RUNS=${5:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$ROTAS" gen --schools "$N" --seed "$SEED" --constraints --group-policy "$dir/on.json" \
    -o "$dir/county.json"
echo '{"format": "rotas-policy/1"}' > "$dir/off.json"
for cfg in off on; do
    for r in $(seq "$RUNS"); do
        s=$(date +%s.%N)
        "$ROTAS" plan "$dir/county.json" --policy "$dir/$cfg.json" --time-limit "$LIMIT" \
            -o "$dir/$cfg-$r.json" 2> /dev/null
        e=$(date +%s.%N)
        "$ROTAS" check "$dir/county.json" "$dir/$cfg-$r.json" -q
        echo "$cfg $(echo "$e - $s" | bc)" >> "$dir/times"
    done
    python3 - "$dir" "$cfg" "$RUNS" << 'PY'
import json, statistics, sys
d, cfg, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = sorted(float(l.split()[1]) for l in open(d + "/times") if l.split()[0] == cfg)
rows = []
for r in range(1, runs + 1):
    p = json.load(open("%s/%s-%d.json" % (d, cfg, r)))
    disp = sum("group_dispatch" in m["reasons"] for m in p["moves"])
    rel = ", ".join("%s %g" % (x["rule"], x["amount"]) for x in p["relaxed"]) or "-"
    rows.append("%s obj %.1f gap %.4f moves %d dispatch %d relaxed %s" % (
        p["status"], p["objective"], p["gap"], len(p["moves"]), disp, rel))
print("%-3s median %.1f s | %s" % (cfg, statistics.median(t), " | ".join(rows)))
PY
done
