#!/usr/bin/env bash
# What-if and simulation benchmark on the shipped 120-school county (datasets/medium-county.json).
#   usage: bench/bench_whatif.sh [ROTAS_BIN] [RUNS] [TIME_LIMIT] [SIM_TIME_LIMIT] [COUNTY]
# 1. 20 scenarios with -j 1 and with -j 2 (fresh run database each time, so nothing is
#    cached); median wall seconds of RUNS runs (default 1) and the ratio.
# 2. a 10-year simulation with SIM_TIME_LIMIT seconds a year (default 20); median of RUNS runs.
# Each what-if solve gets TIME_LIMIT seconds (default 15); plans that stop at the limit make a
# batch's time mostly limit x scenarios / workers.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
ROTAS=${1:-build/rotas}
RUNS=${2:-1}
TL=${3:-15}
SIMTL=${4:-20}
COUNTY=${5:-$HERE/datasets/medium-county.json}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp "$COUNTY" "$T/county.json"
python3 - "$T/county.json" "$T/s.json" "$TL" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
clusters = [k["id"] for k in c.get("clusters", [])]
tps = [s for s in c["schools"] if s["kind"] == "teaching_point" and s.get("cluster")]
cps = {s["cluster"]: s["id"] for s in c["schools"] if s["kind"] == "complete_primary"}
sc = [{"name": "baseline"}]
for share in (0.12, 0.15, 0.20):
    sc.append({"name": f"rotation-{int(share*100)}", "changes": [{"kind": "policy", "set": {"min_rotation_share": share}}]})
for ten in (5, 7, 8, 9):
    sc.append({"name": f"tenure-{ten}", "changes": [{"kind": "policy", "set": {"teacher_tenure_years": ten}}]})
for n in (5, 8, 12):
    per = [n // len(clusters) + (1 if i < n % len(clusters) else 0) for i in range(len(clusters))]
    sc.append({"name": f"hire-{n}-english", "changes": [{"kind": "hire", "count": k, "subject": "english", "cluster": cl} for cl, k in zip(clusters, per) if k]})
sc.append({"name": "key-share-eligible", "changes": [{"kind": "policy", "set": {"key_share_base": "eligible"}}]})
sc.append({"name": "max-20km", "changes": [{"kind": "policy", "set": {"max_km": 20}}]})
sc.append({"name": "max-out-10pct", "changes": [{"kind": "policy", "set": {"max_out_share": 0.10}}]})
for tp in tps:
    if len(sc) >= 18: break
    if tp["cluster"] in cps:
        sc.append({"name": f"close-{tp['id']}", "changes": [{"kind": "close_school", "school": tp["id"], "into": cps[tp["cluster"]]}]})
while len(sc) < 20:
    sc.append({"name": f"w-km-{len(sc)}", "changes": [{"kind": "policy", "set": {"w_km": 0.1 * len(sc)}}]})
json.dump({"format": "rotas-scenarios/1", "base": "county.json",
           "policy": {"time_limit_seconds": float(sys.argv[3])}, "scenarios": sc[:20]},
          open(sys.argv[2], "w"), ensure_ascii=False, indent=1)
PY
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run_batch() {
  local j=$1 i s e
  for i in $(seq 1 "$RUNS"); do
    rm -f "$T"/r.db*
    s=$(date +%s.%N)
    "$ROTAS" whatif "$T/s.json" -j "$j" --db "$T/r.db" -o "$T/r$j.json" -q || true
    e=$(date +%s.%N)
    echo "$e - $s" | bc -l
  done | median
}
j1=$(run_batch 1)
j2=$(run_batch 2)
for j in 1 2; do
  python3 -c "
import json,sys
r=json.load(open(sys.argv[1]))['scenarios']
st={}
for x in r:
    k=x['solver']['status'] if x['status']=='ok' else x['status']
    st[k]=st.get(k,0)+1
gaps=[x['solver']['gap'] for x in r if x['status']=='ok' and x['solver']['gap'] is not None]
print('  -j %s rows: %s; gap %s' % (sys.argv[2], ', '.join('%d %s' % (v,k) for k,v in sorted(st.items())),
      ('%.1f-%.1f%%' % (100*min(gaps), 100*max(gaps))) if gaps else '-'))
" "$T/r$j.json" "$j"
done
printf 'whatif 20 scenarios, %s, time limit %s s: -j 1 %.1f s, -j 2 %.1f s, ratio %.2f\n' \
  "$(basename "$COUNTY")" "$TL" "$j1" "$j2" "$(echo "$j1 / $j2" | bc -l)"
sim=$(for i in $(seq 1 "$RUNS"); do
  s=$(date +%s.%N)
  "$ROTAS" simulate "$T/county.json" --years 10 --seed 1 --time-limit "$SIMTL" -o "$T/sim.json" -q || true
  e=$(date +%s.%N)
  echo "$e - $s" | bc -l
done | median)
printf 'simulate 10 years, %s, time limit %s s per year: %.1f s\n' "$(basename "$COUNTY")" "$SIMTL" "$sim"
python3 -c "
import json,sys
for y in json.load(open(sys.argv[1]))['years']:
    if y['status'] == 'failed':
        print('  %d: %d teachers, %d retired, %d hired, no plan: %s' % (y['year'], y['teachers'], y['retirements'], y['hires'], y['error']))
    else:
        print('  %d: %d teachers, %d retired, %d hired, %d moves, unfilled %.0f->%.0f, leaders past line %.2f, %s, gap %.1f%%' % (y['year'], y['teachers'], y['retirements'], y['hires'], y['moves'], y['unfilled_before'], y['unfilled_after'], y['leaders_past_line'], y['status'], 100*(y['gap'] or 0)))
" "$T/sim.json"
