#!/usr/bin/env python3
"""fullload.py - a full-load cluster for the timetable benchmark.

    bench/fullload.py ROTAS COUNTY.json CLUSTER OUT.json

From a county (e.g. `rotas gen --schools 120 --seed 120 --rooms`), make cluster CLUSTER carry
every lesson of the 2022 plan's week: the shortage subjects (english, music, pe, art, it,
psychology as the county marks them) are taught only by the central school's specialists, who
travel to the village schools; a village teacher keeps its other subjects (one left with none
moves to the central school as a specialist). Then teachers are added until the cluster's
capacity bound (what `rotas timetable` reports: lessons no timetable can place for want of
qualified teachers with periods) is 0: a specialist at the central school for an uncovered
shortage subject, a teacher at the school for an uncovered other subject. The rest of the
county is kept. Prints one line: teachers added and the cluster's lessons.
"""
import json
import subprocess
import sys
import tempfile


def capacity(rotas, county, cluster):
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        json.dump(county, open(f.name, "w"), ensure_ascii=False)
        out = f.name + ".tt.json"
        subprocess.run([rotas, "timetable", f.name, "--cluster", cluster, "--time-limit", "1",
                        "-q", "-o", out], check=True)
        tt = json.load(open(out))
    return tt["capacity_bound"], tt["unscheduled"], len(tt["lessons"])


def main():
    rotas, src, cluster, dst = sys.argv[1:5]
    c = json.load(open(src))
    shortage = {s["id"] for s in c["subjects"] if s.get("shortage")}
    schools = {s["id"]: s for s in c["schools"] if s.get("cluster") == cluster}
    central = next((k.get("central") for k in c.get("clusters", []) if k["id"] == cluster), None)
    if central not in schools:
        central = next(s for s in schools if schools[s]["kind"] == "central_primary")
    for t in c["teachers"]:
        if t["school"] in schools and t["school"] != central:
            keep = [s for s in t["subjects"] if s not in shortage]
            if keep:
                t["subjects"] = keep
            else:
                t["school"] = central  # a village specialist joins the central school
    added = 0
    for _ in range(40):
        bound, unscheduled, lessons = capacity(rotas, c, cluster)
        if bound == 0:
            break
        want = {}
        for u in unscheduled:
            school = central if u["subject"] in shortage else u["school"]
            want[(school, u["subject"])] = want.get((school, u["subject"]), 0) + u["periods"]
        for (school, subject), periods in sorted(want.items()):
            for _ in range((periods + 15) // 16):
                added += 1
                c["teachers"].append({
                    "id": "FL%04d" % added, "name": "满载%d" % added, "gender": "F",
                    "birth_year": 1990, "school": school, "subjects": [subject],
                    "role": "teacher", "school_since": 2020, "post_since": 2020, "key": False,
                    "title": None, "degree": "bachelor", "exempt": None,
                    "exchange_until": None, "preferences": [], "max_periods": 16})
    else:
        sys.exit("fullload.py: capacity bound still %d after 40 rounds" % bound)
    json.dump(c, open(dst, "w"), ensure_ascii=False, indent=1)
    print("cluster %s: %d teachers added, %d lessons, capacity bound 0" % (cluster, added, lessons))


if __name__ == "__main__":
    main()
