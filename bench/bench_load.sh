#!/usr/bin/env bash
# What loading a county from the database costs now that it goes through the full validator:
# CPU seconds (user + sys, robust on a shared machine) and wall seconds, medians of 5 runs, of
#   summary COUNTY.json  (parse + validate: the peer),
#   summary COUNTY.db    (load + dump + parse + validate),
#   export --db COUNTY.db (load, no validation),
# on a generated county.   usage: bench/bench_load.sh [ROTAS_BIN] [SCHOOLS]
set -euo pipefail
ROTAS=${1:-build/rotas}
SCHOOLS=${2:-2000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$ROTAS" gen --schools "$SCHOOLS" --seed 1 -o "$T/c.json"
"$ROTAS" import "$T/c.json" --db "$T/c.db" -q
python3 - "$ROTAS" "$T" <<'PY'
import resource, statistics, subprocess, sys, time
R, T = sys.argv[1:3]
def run(cmd):
    b = resource.getrusage(resource.RUSAGE_CHILDREN); t = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    a = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (a.ru_utime - b.ru_utime) + (a.ru_stime - b.ru_stime), time.monotonic() - t
cases = [("summary c.json", [R, "summary", T + "/c.json"]),
         ("summary c.db", [R, "summary", T + "/c.db"]),
         ("export --db c.db", [R, "export", "--db", T + "/c.db", "-o", T + "/out.json"])]
res = {}
for name, cmd in cases:
    runs = [run(cmd) for _ in range(5)]
    res[name] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
peer = res["summary c.json"][0]
for name, (cpu, wall) in res.items():
    print("%-18s cpu %.2f s (%.2fx the JSON peer)  wall %.2f s" % (name, cpu, cpu / peer, wall))
print("load average: " + open("/proc/loadavg").read().split()[0])
PY
