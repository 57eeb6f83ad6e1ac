#!/usr/bin/env python3
"""bound_row.py - one row of bench_timetable.sh's bound table.

    bench/bound_row.py TT.json CBC.log CHECK CLUSTER

TT.json is a rotas timetable made with --export-lp TT.lp beside it; CBC.log is CBC's output
on TT.lp (may be missing); CHECK is what `rotas check` said. CBC's objective and bound are put
in the planner's terms with the LP file's "constant term" (a comment CBC does not read: the
lessons without a teacher, less the first school of each teacher with lessons).
"""
import json
import os
import re
import sys


def main():
    path, cbclog, chk, cid = sys.argv[1:5]
    tt = json.load(open(path))
    log = open(cbclog).read() if os.path.exists(cbclog) else ""
    w = tt["policy"]
    unsched = sum(u["periods"] for u in tt["unscheduled"])
    obj, bd, tb = tt["objective"], tt["bound"], tt.get("travel_bound") or 0.0
    rest = obj - w["w_tt_unscheduled"] * unsched
    rgap = (obj - bd) / rest if rest > 1e-9 else 0.0
    lp = path[:-len(".json")] + ".lp"
    const = None
    if os.path.exists(lp):
        with open(lp) as f:
            for line in f:
                m = re.search(r"constant term = (\S+)", line)
                if m:
                    const = float(m.group(1))
                    break
                if line.startswith("Subject To"):
                    break
    st, cobj, cbd = "-", "-", "-"
    if log:
        m = re.search(r"^Result - (.*)$", log, re.M)
        st = m.group(1).strip() if m else "no result"
        k = const or 0.0
        m = re.search(r"^Objective value:\s+(\S+)", log, re.M)
        if m and "infeasible" not in st.lower():
            cobj = "%.2f" % (float(m.group(1)) + k)
        m = re.search(r"^Lower bound:\s+(\S+)", log, re.M)
        if m:
            cbd = "%.2f" % (float(m.group(1)) + k)
        elif st.startswith("Optimal"):
            cbd = cobj
    print(f"| {cid} | {unsched} | {obj:.2f} | {bd:.2f} | {tb:.2f} | {100 * tt['gap']:.1f}% | "
          f"{rest:.2f} | {100 * rgap:.1f}% | {st} | {cobj} | {cbd} | {chk} |")


if __name__ == "__main__":
    main()
